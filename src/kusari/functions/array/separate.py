"""separate: split an array into its slices along an axis; the backward is stack."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


class Separate(FunctionNode):
    """``tuple(x[..., i, ...] for i in range(x.shape[axis]))``."""

    def __init__(self, axis):
        self.axis = axis

    def _check_data_type_forward(self, in_data):
        x, = in_data
        if not -x.ndim <= self.axis < x.ndim:
            type_check.fail(self.label, '-x.ndim <= axis < x.ndim',
                            'axis={}, x.ndim={}'.format(self.axis, x.ndim))

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        axis = self.axis % x.ndim
        self._shape = x.shape[:axis] + x.shape[axis + 1:]
        self._dtype = x.dtype
        return tuple(xp.moveaxis(x, axis, 0))

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.stack import stack
        g0 = next(g for g in grad_outputs if g is not None)
        xp = backend.get_array_module(g0.array)
        gys = [xp.zeros(self._shape, self._dtype) if g is None else g for g in grad_outputs]
        return stack(gys, self.axis),


def separate(x, axis=0):
    """Split ``x`` into its slices along ``axis`` (the inverse of :func:`stack`).

    Parameters
    ----------
    x : Variable or array
        Input with at least one axis.
    axis : int
        The axis to separate along.

    Returns
    -------
    tuple of Variable
        ``x.shape[axis]`` variables of shape ``x.shape`` without ``axis``.
    """
    return Separate(axis).apply((x,))
