"""erfcx: the scaled complementary error function, differentiable to every order."""
import math

from kusari.functions.math._special import UnarySpecial

_INV_SQRT_PI = 1.0 / math.sqrt(math.pi)


class Erfcx(UnarySpecial):
    _label = 'erfcx'
    _scipy_name = 'erfcx'
    _retain = 'xy'

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        y, = self.get_retained_outputs()
        return grad_outputs[0] * ((x * y - _INV_SQRT_PI) * 2.0),


def erfcx(x):
    """Elementwise scaled complementary error function :math:`e^{x^2}\\,\\mathrm{erfc}(x)`.

    Finite where :math:`\\mathrm{erfc}(x)` underflows (it falls like
    :math:`1 / (x\\sqrt\\pi)` for large :math:`x`). The derivative
    :math:`2 (x\\,\\mathrm{erfcx}(x) - 1/\\sqrt\\pi)` is written with the input and the output,
    so every order of gradient is exact. On the CPU the values come from SciPy (the extra
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
    >>> F.erfcx(numpy.array([0., 30.])).array
    array([1.        , 0.01879589])
    """
    return Erfcx().apply((x,))[0]
