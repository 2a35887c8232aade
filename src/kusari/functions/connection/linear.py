"""linear: ``y = x W^T + b``, differentiable to every order (its backward is matmul)."""
import numpy

from kusari.function_node import FunctionNode
from kusari.utils import type_check


class LinearFunction(FunctionNode):
    """``y = x W^T (+ b)`` for ``x`` of shape ``(N, I)`` and ``W`` of shape ``(O, I)``."""

    def _check_data_type_forward(self, in_data):
        label = self.label
        n_in = len(in_data)
        if not 2 <= n_in <= 3:
            type_check.fail(label, '2 <= in_types.size() <= 3',
                            'in_types.size() == {}'.format(n_in))
        x, W = in_data[:2]
        type_check.check_float(label, 'x', x)
        type_check.check_float(label, 'W', W)
        if x.ndim != 2:
            type_check.fail(label, 'x.ndim == 2', 'x.shape={}'.format(x.shape))
        if W.ndim != 2:
            type_check.fail(label, 'W.ndim == 2', 'W.shape={}'.format(W.shape))
        if x.shape[1] != W.shape[1]:
            type_check.fail(label, 'x.shape[1] == W.shape[1]',
                            '{} != {}'.format(x.shape[1], W.shape[1]))
        if n_in == 3:
            b = in_data[2]
            if b.dtype != x.dtype:
                type_check.fail(label, 'b.dtype == x.dtype',
                                '{} != {}'.format(b.dtype, x.dtype))
            if b.ndim != 1:
                type_check.fail(label, 'b.ndim == 1', 'b.shape={}'.format(b.shape))
            if b.shape[0] != W.shape[0]:
                type_check.fail(label, 'b.shape[0] == W.shape[0]',
                                '{} != {}'.format(b.shape[0], W.shape[0]))

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, W = inputs[:2]
        if x.dtype == numpy.float16 or W.dtype == numpy.float16:
            # float16 products accumulate in float32 (NumPy's float16 dot is slow and coarse)
            y = x.astype(numpy.float32).dot(W.T.astype(numpy.float32))
        else:
            y = x.dot(W.T)
        y = y.astype(x.dtype, copy=False)     # W of another float dtype: y keeps x's
        if len(inputs) == 3:
            y += inputs[2]
        return y,

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.basic_math import MatMul
        from kusari.functions.math.sum import sum as _sum
        x, W = self.get_retained_inputs()
        gy, = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(MatMul(False, False, x.dtype).apply((gy, W))[0])
            elif i == 1:
                ret.append(MatMul(True, False, W.dtype).apply((gy, x))[0])
            else:
                ret.append(_sum(gy, axis=0))
        return tuple(ret)


def linear(x, W, b=None, n_batch_axes=1):
    """Linear function (fully connected layer): ``y = x W^T + b``.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(s_1, ..., s_B, d_1, ...)`` with ``B = n_batch_axes`` batch axes;
        the other axes are flattened to ``I = d_1 * ...``.
    W : Variable or array
        Weight of shape ``(O, I)``.
    b : Variable or array, optional
        Bias of shape ``(O,)``.
    n_batch_axes : int
        Number of leading batch axes (at least 1).

    Returns
    -------
    Variable
        Shape ``(s_1, ..., s_B, O)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.linear(numpy.ones((3, 4), numpy.float32), numpy.ones((5, 4), numpy.float32)).shape
    (3, 5)
    """
    from kusari.functions.array.reshape import reshape
    if n_batch_axes <= 0:
        raise ValueError('n_batch_axes should be greater than 0.')
    batch_shape = None
    if n_batch_axes > 1:
        batch_shape = tuple(x.shape[:n_batch_axes])
        size = 1
        for s in batch_shape:
            size *= s
        x = reshape(x, (size, -1))
    elif x.ndim > 2:
        x = reshape(x, (x.shape[0], -1))
    args = (x, W) if b is None else (x, W, b)
    y = LinearFunction().apply(args)[0]
    if batch_shape is not None:
        y = reshape(y, batch_shape + (-1,))
    return y
