"""ndtri: the inverse of the standard normal distribution function, every order exact."""
import math

from kusari.functions.math._special import UnarySpecial

_SQRT_2PI = math.sqrt(2.0 * math.pi)


class Ndtri(UnarySpecial):
    _label = 'ndtri'
    _scipy_name = 'ndtri'
    _retain = 'y'

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.exponential import exp
        y, = self.get_retained_outputs()
        return grad_outputs[0] * (exp(y * y * 0.5) * _SQRT_2PI),


def ndtri(x):
    """Elementwise inverse of :func:`ndtr`: the standard normal quantile :math:`\\Phi^{-1}(x)`.

    The derivative :math:`\\sqrt{2\\pi}\\, e^{y^2/2}` is written with the output, so every
    order of gradient is exact. On the CPU the values come from SciPy (the extra ``scipy``).

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype, in :math:`[0, 1]` (:math:`\\pm\\infty` at the ends,
        NaN outside).

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    Raises
    ------
    ImportError
        On the CPU when SciPy is not installed.

    >>> import numpy, kusari.functions as F
    >>> F.ndtri(numpy.array([0.5, 0.975])).array
    array([0.        , 1.95996398])
    """
    return Ndtri().apply((x,))[0]
