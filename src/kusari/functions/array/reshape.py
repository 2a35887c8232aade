"""reshape, differentiable to every order."""
from kusari.function_node import FunctionNode
from kusari.utils import type_check
from kusari.variable import as_variable


def _resolve(label, in_shape, shape):
    size = 1
    for s in in_shape:
        size *= s
    known = 1
    unknown = None
    for i, s in enumerate(shape):
        if s == -1:
            if unknown is not None:
                raise ValueError('{}: only one -1 is allowed in shape {}'.format(label, shape))
            unknown = i
        elif s < 0:
            raise ValueError('{}: negative dimension in shape {}'.format(label, shape))
        else:
            known *= s
    if unknown is not None:
        if known == 0 or size % known:
            type_check.fail(label, 'x.size is divisible by {}'.format(known),
                            'x.shape={}, shape={}'.format(in_shape, shape))
        shape = shape[:unknown] + (size // known,) + shape[unknown + 1:]
    elif known != size:
        type_check.fail(label, 'x.size == the product of shape {}'.format(shape),
                        'x.shape={} (size {}), shape={} (size {})'.format(
                            in_shape, size, shape, known))
    return shape


class Reshape(FunctionNode):
    """Reshape to a shape (at most one ``-1``); its backward reshapes back."""

    def __init__(self, shape):
        self.shape = tuple(shape)

    def forward(self, inputs):
        x, = inputs
        self._x_shape = x.shape
        shape = _resolve(self.label, x.shape, self.shape)
        return x.reshape(shape),

    def backward(self, indexes, grad_outputs):
        return reshape(grad_outputs[0], self._x_shape),


def reshape(x, shape):
    """Reshape ``x`` without copying when possible.

    Parameters
    ----------
    x : Variable or array
        Input of any shape.
    shape : int or tuple of ints
        The new shape, with at most one ``-1`` (inferred).

    Returns
    -------
    Variable
        Shape ``shape``, dtype of ``x``.

    Raises
    ------
    InvalidType
        If the sizes do not match.
    ValueError
        If ``shape`` has more than one ``-1`` or another negative dimension.
    """
    if isinstance(shape, int):
        shape = (shape,)
    if x.shape == tuple(shape):
        return as_variable(x)
    return Reshape(shape).apply((x,))[0]
