"""log_softmax along an axis, stable and differentiable to every order."""
from kusari.function_node import FunctionNode
from kusari.functions.activation.softmax import check_axis
from kusari.functions.math.logsumexp import _logsumexp_array
from kusari.utils import force_array


class LogSoftmax(FunctionNode):
    def __init__(self, axis=1):
        self.axis = axis

    def _check_data_type_forward(self, in_data):
        check_axis(self.label, in_data[0], self.axis)

    def forward(self, inputs):
        x, = inputs
        self.retain_outputs((0,))
        log_z = _logsumexp_array(x, (self.axis % x.ndim,), True)
        return force_array(x - log_z, x.dtype),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.exponential import exp
        from kusari.functions.math.sum import sum as _sum
        y, = self.get_retained_outputs()
        gy, = grad_outputs
        return gy - exp(y) * _sum(gy, axis=self.axis, keepdims=True),


def log_softmax(x, axis=1):
    """Logarithm of the softmax along ``axis``: :math:`y_i = x_i - \\log\\sum_j\\exp(x_j)`.

    Computed as ``x - logsumexp(x)`` with the maximum subtracted first: stable for large
    inputs and more accurate than ``log(softmax(x))``.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(s_1, ..., s_N)``, float dtype.
    axis : int
        The axis along which the softmax is taken (``-N <= axis < N``).

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.log_softmax(numpy.zeros((1, 2), numpy.float32)).array
    array([[-0.6931472, -0.6931472]], dtype=float32)
    """
    return LogSoftmax(axis=axis).apply((x,))[0]
