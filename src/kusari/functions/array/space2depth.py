"""space2depth: move spatial blocks into channels; the backward is depth2space."""
from kusari.function_node import FunctionNode
from kusari.functions.array.depth2space import _check_4d_float
from kusari.utils import type_check


class Space2Depth(FunctionNode):
    """``(B, C, H * r, W * r)`` to ``(B, C * r * r, H, W)``."""

    def __init__(self, r):
        self.r = r

    def _check_data_type_forward(self, in_data):
        x, = in_data
        _check_4d_float(self.label, x)
        r = self.r
        if x.shape[2] % r or x.shape[3] % r:
            type_check.fail(self.label, 'x.shape[2] % r == 0 and x.shape[3] % r == 0',
                            'x.shape={}, r={}'.format(x.shape, r))

    def forward(self, inputs):
        x, = inputs
        b, c, h, w = x.shape
        r = self.r
        y = x.reshape(b, c, h // r, r, w // r, r).transpose(0, 3, 5, 1, 2, 4)
        return y.reshape(b, r * r * c, h // r, w // r),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.depth2space import depth2space
        return depth2space(grad_outputs[0], self.r),


def space2depth(X, r):  # noqa: N803 - Chainer's argument name
    """Rearrange spatial ``r x r`` blocks into channels (the inverse of depth2space).

    Parameters
    ----------
    X : Variable or array
        Shape ``(B, C, H * r, W * r)``, float dtype.
    r : int
        The downscaling factor.

    Returns
    -------
    Variable
        Shape ``(B, C * r * r, H, W)``, dtype of ``X``.
    """
    return Space2Depth(r).apply((X,))[0]
