"""concat: join arrays along an axis; the backward is split_axis (every order)."""
import numbers

import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


class Concat(FunctionNode):
    """Concatenation of the inputs along ``axis``."""

    def __init__(self, axis=1):
        if not isinstance(axis, numbers.Integral) or isinstance(axis, bool):
            raise TypeError('axis must be int')
        self.axis = int(axis)

    def _check_data_type_forward(self, in_data):
        label = self.label
        if not in_data:
            type_check.fail(label, 'in_types.size() > 0', 'in_types.size() == 0')
        x0 = in_data[0]
        ndim = x0.ndim
        axis = self.axis
        if not -ndim <= axis < ndim:
            type_check.fail(label, '-in_types[0].ndim <= axis < in_types[0].ndim',
                            'axis={}, in_types[0].ndim={}'.format(axis, ndim))
        axis %= ndim
        for i, x in enumerate(in_data[1:], 1):
            if x.dtype != x0.dtype:
                type_check.fail(label, 'in_types[0].dtype == in_types[{}].dtype'.format(i),
                                '{} != {}'.format(x0.dtype, x.dtype))
            if x.ndim != ndim:
                type_check.fail(label, 'in_types[0].ndim == in_types[{}].ndim'.format(i),
                                '{} != {}'.format(ndim, x.ndim))
            for d in range(ndim):
                if d != axis and x.shape[d] != x0.shape[d]:
                    type_check.fail(
                        label, 'in_types[0].shape[{0}] == in_types[{1}].shape[{0}]'.format(
                            d, i), '{} != {}'.format(x0.shape[d], x.shape[d]))

    def forward(self, inputs):
        self._sizes = [x.shape[self.axis] for x in inputs]
        return backend.get_array_module(*inputs).concatenate(inputs, self.axis),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.split_axis import split_axis
        gy, = grad_outputs
        if len(self._sizes) == 1:
            return gy,
        return split_axis(gy, numpy.cumsum(self._sizes[:-1]), self.axis)


def concat(xs, axis=1):
    """Concatenate variables along an axis.

    Parameters
    ----------
    xs : sequence of Variable or array
        The inputs; they share dtype and ndim, and their shapes agree except along ``axis``.
    axis : int
        The axis to join along (negative counts from the end). Default 1.

    Returns
    -------
    Variable
        Shape of the inputs with ``shape[axis]`` the sum of theirs.

    >>> import numpy, kusari.functions as F
    >>> F.concat((numpy.zeros((2, 3)), numpy.ones((2, 1)))).shape
    (2, 4)
    """
    return Concat(axis).apply(tuple(xs))[0]
