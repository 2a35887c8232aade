"""local_response_normalization (AlexNet's cross-channel normalization), exact to every order.

The function is composed of differentiable functions and one linear node,
``ChannelWindowSum``, that sums each channel's neighbours. That sum is symmetric (the window
reaches ``n // 2`` channels on each side, zero beyond the edges), so the node is its own
transpose and its backward is the same node again: every derivative is exact.
"""
from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.functions.math.square import square
from kusari.functions.normalization.layer_normalization import _check_float
from kusari.utils import type_check
from kusari.variable import as_variable


class ChannelWindowSum(FunctionNode):
    """``y[:, c] = sum(x[:, c - half_n : c + half_n + 1])`` (zero outside the channels)."""

    def __init__(self, half_n):
        self.half_n = half_n

    def forward(self, inputs):
        x, = inputs
        y = x.copy()
        c = x.shape[1]
        for i in range(1, min(self.half_n, c - 1) + 1):
            y[:, i:] += x[:, :-i]
            y[:, :-i] += x[:, i:]
        return y,

    def backward(self, indexes, grad_outputs):
        return ChannelWindowSum(self.half_n).apply(grad_outputs)


def local_response_normalization(x, n=5, k=2, alpha=1e-4, beta=.75):
    """Local response normalization across neighbouring channels.

    .. math::
        y_{c} = x_{c} \\left(k + \\alpha \\sum_{j=c-\\lfloor n/2 \\rfloor}^{c+\\lfloor n/2
        \\rfloor} x_{j}^2\\right)^{-\\beta},

    the sum running over the channels that exist (axis 1). As in Chainer's CPU code, the
    window is ``2 * (n // 2) + 1`` channels wide, centred (an even ``n`` widens it by one).
    Every order of derivative is exact.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, C, ...)`` with at least two dimensions, float dtype.
    n : int
        Window width (in channels).
    k : float
        Smoothing term.
    alpha : float
        Scale of the sum of squares.
    beta : float
        Exponent.

    Returns
    -------
    Variable
        Shape and dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.local_response_normalization(numpy.ones((1, 3, 2, 2))).shape
    (1, 3, 2, 2)
    """
    if config.type_check:
        label = 'LocalResponseNormalization'
        _check_float(label, 'x', x)
        if x.ndim < 2:
            type_check.fail(label, 'x.ndim >= 2',
                            'x.ndim={} (x.shape={})'.format(x.ndim, x.shape))
    x = as_variable(x)
    s = ChannelWindowSum(int(n) // 2).apply((square(x),))[0]
    return x * (s * alpha + k) ** (-beta)
