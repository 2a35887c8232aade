"""erfc: the complementary error function, differentiable to every order."""
from kusari.functions.math._special import UnarySpecial
from kusari.functions.math.erf import _TWO_OVER_SQRT_PI, _apply, _gaussian_density_times


class Erfc(UnarySpecial):
    _label = 'erfc'

    def _values(self, x):
        return _apply(x, 'erfc')

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * _gaussian_density_times(x, -_TWO_OVER_SQRT_PI),


def erfc(x):
    """Elementwise complementary error function :math:`1 - \\mathrm{erf}(x)`.

    Computed directly (not as ``1 - erf(x)``), so it keeps its relative precision for large
    ``x`` where it is tiny.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.erfc(numpy.array([0.])).array
    array([1.])
    """
    return Erfc().apply((x,))[0]
