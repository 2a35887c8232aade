"""softmax along an axis, differentiable to every order."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


def check_axis(label, x, axis):
    """Raise InvalidType unless ``x`` is float and ``-x.ndim <= axis < x.ndim``."""
    type_check.check_float(label, 'x', x)
    if not isinstance(axis, (int, numpy.integer)):
        raise TypeError('{}: axis must be an int, got {!r}'.format(label, axis))
    if not -x.ndim <= axis < x.ndim:
        type_check.fail(label, '-x.ndim <= axis < x.ndim',
                        'axis={}, x.ndim={}'.format(axis, x.ndim))


def _softmax_array(x, axis):
    xp = backend.get_array_module(x)
    dtype = x.dtype
    if dtype == numpy.float16:
        x = x.astype(numpy.float32)
    y = xp.exp(x - x.max(axis=axis, keepdims=True))
    y /= y.sum(axis=axis, keepdims=True)
    return force_array(y, dtype)


class Softmax(FunctionNode):
    def __init__(self, axis=1):
        self.axis = axis

    def _check_data_type_forward(self, in_data):
        check_axis(self.label, in_data[0], self.axis)

    def forward(self, inputs):
        self.retain_outputs((0,))
        return _softmax_array(inputs[0], self.axis),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.sum import sum as _sum
        y, = self.get_retained_outputs()
        gy, = grad_outputs
        ygy = y * gy
        return ygy - y * _sum(ygy, axis=self.axis, keepdims=True),


def softmax(x, axis=1):
    """Softmax along ``axis``: :math:`y_i = \\exp(x_i) / \\sum_j \\exp(x_j)`.

    The maximum is subtracted first, so large inputs do not overflow.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(s_1, ..., s_N)``, float dtype.
    axis : int
        The axis along which the softmax is taken (``-N <= axis < N``).

    Returns
    -------
    Variable
        Same shape and dtype as ``x``; each slice along ``axis`` sums to 1.

    >>> import numpy, kusari.functions as F
    >>> F.softmax(numpy.zeros((1, 2), numpy.float32)).array
    array([[0.5, 0.5]], dtype=float32)
    """
    return Softmax(axis=axis).apply((x,))[0]
