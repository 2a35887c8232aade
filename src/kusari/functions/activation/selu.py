"""selu: the scaled exponential linear unit (a scaled :func:`elu`)."""
from kusari.functions.activation.elu import elu


def selu(x, alpha=1.6732632423543772848170429916717,
         scale=1.0507009873554804934193349852946):
    """Scaled exponential linear unit: :math:`y = \\lambda\\, \\mathrm{elu}(x, \\alpha)`.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.
    alpha : float
        The :math:`\\alpha` of the negative part.
    scale : float
        The overall scale :math:`\\lambda`.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.selu(numpy.array([0., 1.], numpy.float32)).array
    array([0.      , 1.050701], dtype=float32)
    """
    return scale * elu(x, alpha=alpha)
