"""lgamma: the logarithm of the absolute value of the gamma function, every order exact."""
from kusari.functions.math._special import UnarySpecial


class LGamma(UnarySpecial):
    _label = 'lgamma'
    _scipy_name = 'gammaln'

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.digamma import digamma
        x, = self.get_retained_inputs()
        return grad_outputs[0] * digamma(x),


def lgamma(x):
    """Elementwise :math:`\\log|\\Gamma(x)|`.

    The derivative is :func:`digamma`, whose derivative is :func:`polygamma`, so every order
    of gradient is exact. On the CPU the values come from SciPy (the extra ``scipy``).

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
    >>> F.lgamma(numpy.array([1., 3.])).array
    array([0.        , 0.69314718])
    """
    return LGamma().apply((x,))[0]
