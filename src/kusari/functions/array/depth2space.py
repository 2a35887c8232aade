"""depth2space: move channel blocks into space; the backward is space2depth."""
from kusari.function_node import FunctionNode
from kusari.utils import type_check


def _check_4d_float(label, x):
    type_check.check_float(label, 'x', x)
    if x.ndim != 4:
        type_check.fail(label, 'x.ndim == 4', 'x.ndim={}'.format(x.ndim))


class Depth2Space(FunctionNode):
    """``(B, C * r * r, H, W)`` to ``(B, C, H * r, W * r)``."""

    def __init__(self, r):
        self.r = r

    def _check_data_type_forward(self, in_data):
        x, = in_data
        _check_4d_float(self.label, x)
        if x.shape[1] % (self.r * self.r):
            type_check.fail(self.label, 'x.shape[1] % (r * r) == 0',
                            'x.shape[1]={}, r={}'.format(x.shape[1], self.r))

    def forward(self, inputs):
        x, = inputs
        b, c, h, w = x.shape
        r = self.r
        c //= r * r
        y = x.reshape(b, r, r, c, h, w).transpose(0, 3, 4, 1, 5, 2)
        return y.reshape(b, c, h * r, w * r),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.space2depth import space2depth
        return space2depth(grad_outputs[0], self.r),


def depth2space(X, r):  # noqa: N803 - Chainer's argument name
    """Rearrange channel blocks into spatial blocks (sub-pixel upscaling).

    Output channel ``c`` at pixel ``(h * r + i, w * r + j)`` is input channel
    ``(i * r + j) * C + c`` at pixel ``(h, w)``.

    Parameters
    ----------
    X : Variable or array
        Shape ``(B, C * r * r, H, W)``, float dtype.
    r : int
        The upscaling factor.

    Returns
    -------
    Variable
        Shape ``(B, C, H * r, W * r)``, dtype of ``X``.
    """
    return Depth2Space(r).apply((X,))[0]
