"""digamma: the logarithmic derivative of the gamma function, every order exact."""
from kusari.functions.math._special import UnarySpecial


class DiGamma(UnarySpecial):
    _label = 'digamma'
    _scipy_name = 'digamma'

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.polygamma import polygamma
        x, = self.get_retained_inputs()
        return grad_outputs[0] * polygamma(1, x),


def digamma(x):
    """Elementwise digamma function :math:`\\psi(x) = \\frac{d}{dx} \\log\\Gamma(x)`.

    Its derivative is ``polygamma(1, x)``, so every order of gradient is exact. On the CPU
    the values come from SciPy (the extra ``scipy``).

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
    >>> F.digamma(numpy.array([1.])).array   # minus the Euler-Mascheroni constant
    array([-0.57721566])
    """
    return DiGamma().apply((x,))[0]
