"""gumbel_softmax: a differentiable sample from a categorical distribution."""
from kusari import backend
from kusari.variable import Variable


def gumbel_softmax(log_pi, tau=0.1, axis=1):
    """Gumbel-softmax sample :math:`\\mathrm{softmax}((\\log \\pi + g) / \\tau)` with
    :math:`g` standard Gumbel noise (drawn from NumPy's / CuPy's global generator).

    Parameters
    ----------
    log_pi : Variable or array
        Unnormalized log-probabilities, float dtype, categories along ``axis``.
    tau : float
        The temperature; small values give nearly one-hot samples.
    axis : int
        The category axis.

    Returns
    -------
    Variable
        Shape and dtype of ``log_pi``; sums to 1 along ``axis``. A 0-d input gives 1.
    """
    from kusari.functions.activation.softmax import softmax
    xp = backend.get_array_module(log_pi)
    if log_pi.ndim < 1:
        return Variable(xp.ones((), log_pi.dtype))
    g = xp.random.gumbel(size=log_pi.shape).astype(log_pi.dtype)
    return softmax((log_pi + g) * (1.0 / tau), axis=axis)
