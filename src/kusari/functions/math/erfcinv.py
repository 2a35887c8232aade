"""erfcinv: the inverse of the complementary error function, differentiable to every order."""
import math

from kusari.functions.math._special import UnarySpecial

_HALF_SQRT_PI = math.sqrt(math.pi) / 2


class ErfcInv(UnarySpecial):
    _label = 'erfcinv'
    _scipy_name = 'erfcinv'
    _retain = 'y'

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.exponential import exp
        y, = self.get_retained_outputs()
        return grad_outputs[0] * (exp(y * y) * -_HALF_SQRT_PI),


def erfcinv(x):
    """Elementwise inverse complementary error function: :math:`y` with
    :math:`\\mathrm{erfc}(y) = x`.

    The derivative :math:`-\\frac{\\sqrt\\pi}{2} e^{y^2}` is written with the output, so every
    order of gradient is exact. On the CPU the values come from SciPy (the extra ``scipy``).

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype, in :math:`[0, 2]` (:math:`\\pm\\infty` at the ends,
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
    >>> F.erfcinv(numpy.array([0.5, 1.5])).array
    array([ 0.47693628, -0.47693628])
    """
    return ErfcInv().apply((x,))[0]
