"""batch_l2_norm_squared: the squared L2 norm of each sample, differentiable to every
order."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


class BatchL2NormSquared(FunctionNode):
    """:math:`y_n = \\sum_i x_{n,i}^2` over all axes but the first."""

    def _check_data_type_forward(self, in_data):
        x, = in_data
        type_check.check_float(self.label, 'x', x)
        if x.ndim < 2:
            type_check.fail(self.label, 'x.ndim >= 2', 'x.ndim={}'.format(x.ndim))

    def forward(self, inputs):
        x, = inputs
        self.retain_inputs((0,))
        xp = backend.get_array_module(x)
        x2 = x.reshape(len(x), -1)
        acc = numpy.float32 if x.dtype == numpy.float16 else x.dtype
        return xp.einsum('ij,ij->i', x2, x2, dtype=acc).astype(x.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.broadcast import broadcast_to
        from kusari.functions.array.reshape import reshape
        x, = self.get_retained_inputs()
        gy, = grad_outputs
        gy = broadcast_to(reshape(gy, (len(x),) + (1,) * (x.ndim - 1)), x.shape)
        return 2.0 * x * gy,


def batch_l2_norm_squared(x):
    """Squared L2 norm of each sample (no reduction over the batch).

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, ...)``, at least two dimensions, float dtype; all axes but the first
        are summed over.

    Returns
    -------
    Variable
        Shape ``(N,)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.batch_l2_norm_squared(numpy.array([[3., 4.], [1., 0.]])).array
    array([25.,  1.])
    """
    return BatchL2NormSquared().apply((x,))[0]
