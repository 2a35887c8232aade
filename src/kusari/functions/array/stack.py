"""stack: join arrays along a new axis; the backward is separate (every order)."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


class Stack(FunctionNode):
    """``numpy.stack(xs, axis)``."""

    def __init__(self, axis):
        self.axis = axis

    def _check_data_type_forward(self, in_data):
        label = self.label
        if not in_data:
            type_check.fail(label, 'in_types.size() > 0', 'in_types.size() == 0')
        x0 = in_data[0]
        if not -x0.ndim - 1 <= self.axis <= x0.ndim:
            type_check.fail(label, '-in_types[0].ndim - 1 <= axis <= in_types[0].ndim',
                            'axis={}, in_types[0].ndim={}'.format(self.axis, x0.ndim))
        for i, x in enumerate(in_data[1:], 1):
            if x.dtype != x0.dtype:
                type_check.fail(label, 'in_types[{}].dtype == in_types[0].dtype'.format(i),
                                '{} != {}'.format(x.dtype, x0.dtype))
            if x.shape != x0.shape:
                type_check.fail(label, 'in_types[{}].shape == in_types[0].shape'.format(i),
                                '{} != {}'.format(x.shape, x0.shape))

    def forward(self, inputs):
        return backend.get_array_module(*inputs).stack(inputs, axis=self.axis),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.separate import separate
        gxs = separate(grad_outputs[0], self.axis)
        return tuple(gxs[i] for i in indexes)


def stack(xs, axis=0):
    """Join variables of one shape along a new axis.

    Parameters
    ----------
    xs : sequence of Variable or array
        Inputs of one shape and dtype.
    axis : int
        Position of the new axis in the output, in ``[-ndim - 1, ndim]``.

    Returns
    -------
    Variable
        The inputs' shape with ``len(xs)`` inserted at ``axis``.
    """
    return Stack(axis).apply(tuple(xs))[0]
