"""log_ndtr: the logarithm of the standard normal distribution function, every order exact."""
import math

from kusari.functions.math._special import UnarySpecial

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2 = 1.0 / math.sqrt(2.0)


class LogNdtr(UnarySpecial):
    _label = 'log_ndtr'
    _scipy_name = 'log_ndtr'

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.erfcx import erfcx
        x, = self.get_retained_inputs()
        # d/dx log(Phi(x)) = phi(x) / Phi(x) = sqrt(2 / pi) / erfcx(-x / sqrt(2)): finite and
        # accurate in both tails, and erfcx's own backward gives every higher order
        return grad_outputs[0] * (erfcx(x * -_INV_SQRT_2) ** -1.0 * _SQRT_2_OVER_PI),


def log_ndtr(x):
    """Elementwise :math:`\\log \\Phi(x)`, the logarithm of :func:`ndtr`.

    Accurate far into the lower tail, where :math:`\\Phi(x)` underflows. The derivative
    :math:`\\sqrt{2/\\pi} / \\mathrm{erfcx}(-x/\\sqrt2)` is written with :func:`erfcx`, so
    every order of gradient is exact. On the CPU the values come from SciPy (the extra
    ``scipy``).

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    Raises
    ------
    ImportError
        On the CPU when SciPy is not installed.

    >>> import numpy, kusari.functions as F
    >>> F.log_ndtr(numpy.array([0., -40.])).array
    array([-6.93147181e-01, -8.04608442e+02])
    """
    return LogNdtr().apply((x,))[0]
