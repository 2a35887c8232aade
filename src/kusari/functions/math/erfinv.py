"""erfinv: the inverse of the error function, differentiable to every order."""
import math

from kusari.functions.math._special import UnarySpecial

_HALF_SQRT_PI = math.sqrt(math.pi) / 2


class ErfInv(UnarySpecial):
    _label = 'erfinv'
    _scipy_name = 'erfinv'
    _retain = 'y'

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.exponential import exp
        y, = self.get_retained_outputs()
        return grad_outputs[0] * (exp(y * y) * _HALF_SQRT_PI),


def erfinv(x):
    """Elementwise inverse error function: :math:`y` with :math:`\\mathrm{erf}(y) = x`.

    The derivative :math:`\\frac{\\sqrt\\pi}{2} e^{y^2}` is written with the output, so every
    order of gradient is exact. On the CPU the values come from SciPy (the extra ``scipy``).

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype, in :math:`[-1, 1]` (:math:`\\pm\\infty` at the ends,
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
    >>> F.erfinv(numpy.array([0., 0.5])).array
    array([0.        , 0.47693628])
    """
    return ErfInv().apply((x,))[0]
