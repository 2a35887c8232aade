"""get_item (``x[slices]``): basic and advanced indexing, differentiable to every order."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.array._add_at import add_at
from kusari.functions.array._index import normalize_index


def _is_basic(slices):
    return all(s is None or s is Ellipsis or isinstance(s, (slice, int, numpy.integer))
               for s in slices)


class GetItem(FunctionNode):
    """``x[slices]``; its backward scatters the gradient with :class:`GetItemGrad`."""

    def __init__(self, slices):
        self.slices = normalize_index(slices)

    def forward(self, inputs):
        x, = inputs
        self._x_shape = x.shape
        self._x_dtype = x.dtype
        try:
            y = x[self.slices]
        except IndexError as e:
            raise IndexError('GetItem: {} (x.shape={})'.format(e, x.shape)) from None
        return backend.get_array_module(x).asarray(y),

    def backward(self, indexes, grad_outputs):
        return GetItemGrad(self.slices, self._x_shape).apply(grad_outputs)


class GetItemGrad(FunctionNode):
    """Scatter-add ``gy`` into zeros of the input's shape; its backward is ``get_item``."""

    def __init__(self, slices, in_shape):
        self.slices = slices
        self._in_shape = in_shape

    def forward(self, inputs):
        gy, = inputs
        xp = backend.get_array_module(gy)
        gx = xp.zeros(self._in_shape, gy.dtype)
        if _is_basic(self.slices):
            gx[self.slices] = gy
        else:
            add_at(gx, self.slices, gy)
        return gx,

    def backward(self, indexes, grad_outputs):
        return GetItem(self.slices).apply(grad_outputs)


def get_item(x, slices):
    """``x[slices]``: ints, slices, None, Ellipsis, integer and boolean arrays.

    Repeated integer indices accumulate their gradients.

    Parameters
    ----------
    x : Variable or array
        Input of any shape.
    slices : int, slice, None, Ellipsis, array, list, Variable or tuple of them
        An index as NumPy accepts it, read as Chainer reads it: a list of ints is one
        integer-array index, any other list a tuple of entries (``[[1, 0], [2, 3]]`` is
        ``([1, 0], [2, 3])``); Variables and lists inside are turned into arrays (an empty
        list is an empty integer index).

    Returns
    -------
    Variable
        The selected elements, of the shape NumPy gives ``x.array[slices]``; dtype kept.

    Raises
    ------
    IndexError
        If the index is out of bounds or invalid for ``x.shape``.
    ValueError
        In debug mode, for more than one Ellipsis (as in Chainer).
    """
    return GetItem(slices).apply((x,))[0]
