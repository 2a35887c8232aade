"""WeightStandardization: standardize a link's weight per output unit."""
from kusari import functions as F
from kusari.link_hooks import _reparametrize


def standardize(W, eps):
    """``(W - mean) / sqrt(var + eps)`` with the statistics over all axes but the first.

    Written with functions, so it is differentiable in ``W`` to every order.

    Parameters
    ----------
    W : Variable, shape (out, ...)
        The weight, of 2 or more dimensions.
    eps : float
        Added to the variance.

    Returns
    -------
    Variable
        Of the shape and dtype of ``W``; each ``W[i]`` has mean 0 and variance
        ``var / (var + eps)``.
    """
    axes = tuple(range(1, W.ndim))
    centered = W - F.broadcast_to(F.mean(W, axis=axes, keepdims=True), W.shape)
    var = F.mean(centered * centered, axis=axes, keepdims=True)
    return centered * F.broadcast_to(F.rsqrt(var + eps), W.shape)


class WeightStandardization(_reparametrize.WeightHook):
    """During each forward of the link, use its weight standardized per output unit.

    Each slice ``W[i]`` (one output unit or channel) is shifted and scaled to mean 0 and
    variance 1 over its other axes (Qiao et al., 2019, "Weight Standardization"), as a group
    normalization of the weight with one group does; gradients flow to ``W`` to every
    order. Meant for convolutions followed by group or batch normalization; it works on any
    link whose weight has 2 or more dimensions.

    Parameters
    ----------
    eps : float
        Added to the variance.
    weight_name : str
        The attribute holding the weight (``'W'``).
    name : str, optional
        The hook's name (``'WeightStandardization'``).
    """

    name = 'WeightStandardization'

    def __init__(self, *, eps=1e-5, weight_name='W', name=None):
        super().__init__(weight_name, name)
        self.eps = eps

    def _weight(self, link, W):
        if W.ndim < 2:
            raise ValueError('WeightStandardization: the weight {!r} of {} must have 2 or '
                             'more dimensions, got shape {}'.format(
                                 self.weight_name, type(link).__name__, W.shape))
        return standardize(W, self.eps)
