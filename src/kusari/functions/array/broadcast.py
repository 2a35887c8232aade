"""broadcast_to and broadcast, differentiable to every order (their backward is sum_to)."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check
from kusari.variable import as_variable


class BroadcastTo(FunctionNode):
    """Broadcast to a shape; its backward is ``sum_to``."""

    def __init__(self, shape):
        self._shape = tuple(shape)

    def _check_data_type_forward(self, in_data):
        x = in_data[0]
        shape = self._shape
        lead = len(shape) - x.ndim
        if lead < 0 or not all(xs in (1, s) for xs, s in zip(x.shape, shape[lead:])):
            type_check.fail(self.label, 'x.shape can be broadcast to {}'.format(shape),
                            'x.shape={}'.format(x.shape))

    def forward(self, inputs):
        x, = inputs
        self._x_shape = x.shape
        return backend.get_array_module(x).broadcast_to(x, self._shape),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.sum import sum_to
        return sum_to(grad_outputs[0], self._x_shape),


def broadcast_to(x, shape):
    """Broadcast ``x`` to ``shape`` (NumPy's rules).

    Parameters
    ----------
    x : Variable or array
        Input whose shape broadcasts to ``shape``.
    shape : tuple of ints
        The target shape.

    Returns
    -------
    Variable
        Shape ``shape``, dtype of ``x`` (a read-only view).

    Raises
    ------
    InvalidType
        If ``x.shape`` cannot be broadcast to ``shape``.
    """
    shape = tuple(shape)
    if x.shape == shape:
        return as_variable(x)
    return BroadcastTo(shape).apply((x,))[0]


def broadcast(*args):
    """Broadcast the inputs against each other.

    Parameters
    ----------
    *args : Variable or array
        Inputs whose shapes broadcast together.

    Returns
    -------
    Variable or tuple of Variable
        A Variable for one input, else a tuple of Variables of the common shape, each with
        the dtype of its input.

    Raises
    ------
    InvalidType
        If no input is given, or the shapes do not broadcast together.
    """
    if not args:
        type_check.fail('Broadcast', 'in_types.size() > 0', 'in_types.size() == 0')
    try:
        shape = numpy.broadcast_shapes(*[a.shape for a in args])
    except ValueError:
        type_check.fail('Broadcast', 'the shapes of the inputs can be broadcast',
                        ', '.join(str(a.shape) for a in args))
    out = tuple(broadcast_to(a, shape) for a in args)
    return out[0] if len(out) == 1 else out
