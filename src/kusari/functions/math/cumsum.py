"""cumsum: cumulative sums along an axis, differentiable to every order."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


class Cumsum(FunctionNode):
    """Inclusive cumulative sum along ``axis``, from the end when ``reverse``.

    The adjoint of a forward cumulative sum is the reverse one, and vice versa.
    """

    def __init__(self, axis, reverse=False):
        self.axis = axis
        self.reverse = reverse

    def _check_data_type_forward(self, in_data):
        x = in_data[0]
        type_check.check_float(self.label, 'x', x)
        if not -x.ndim <= self.axis < x.ndim:
            type_check.fail(self.label, '-x.ndim <= axis < x.ndim',
                            'axis={}, x.ndim={}'.format(self.axis, x.ndim))

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        acc = numpy.float32 if x.dtype == numpy.float16 else x.dtype
        if self.reverse:
            rev = (slice(None),) * (self.axis % x.ndim) + (slice(None, None, -1),)
            y = xp.cumsum(x[rev], axis=self.axis, dtype=acc)[rev]
        else:
            y = xp.cumsum(x, axis=self.axis, dtype=acc)
        return force_array(xp.ascontiguousarray(y), x.dtype),

    def backward(self, indexes, grad_outputs):
        return Cumsum(self.axis, not self.reverse).apply(grad_outputs)


def cumsum(x, axis=None):
    """Cumulative sum along ``axis``: :math:`y_i = \\sum_{j \\le i} x_j`.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.
    axis : int or None
        The axis to accumulate along; None accumulates over the flattened input.

    Returns
    -------
    Variable
        ``x``'s shape (1-D of size ``x.size`` when ``axis`` is None), dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.cumsum(numpy.array([1., 2., 3.])).array
    array([1., 3., 6.])
    """
    if axis is not None and (not isinstance(axis, (int, numpy.integer))
                             or isinstance(axis, bool)):
        raise TypeError('axis must be int or None')
    if axis is None:
        from kusari.functions.array.reshape import reshape
        x = reshape(x, (x.size,))
        axis = 0
    return Cumsum(int(axis)).apply((x,))[0]
