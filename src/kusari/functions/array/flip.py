"""flip: reverse an axis; the backward is the same flip (every order)."""
import numbers

from kusari.function_node import FunctionNode
from kusari.utils import type_check


def _flip(array, axis):
    """``array`` reversed along ``axis`` (a view), for NumPy and CuPy arrays alike.

    Parameters
    ----------
    array : numpy.ndarray or cupy.ndarray
        Input with at least one axis.
    axis : int
        The axis to reverse (negative counts from the end).

    Returns
    -------
    numpy.ndarray or cupy.ndarray
        A view of ``array`` with ``axis`` reversed.
    """
    index = [slice(None)] * array.ndim
    index[axis] = slice(None, None, -1)
    return array[tuple(index)]


class Flip(FunctionNode):
    """Reverse the order of the elements along ``axis``."""

    def __init__(self, axis):
        if not isinstance(axis, numbers.Integral) or isinstance(axis, bool):
            raise TypeError('axis must be int')
        self.axis = int(axis)

    def _check_data_type_forward(self, in_data):
        x, = in_data
        if x.ndim == 0:
            type_check.fail(self.label, 'x.ndim > 0', 'x.ndim=0')
        if not -x.ndim <= self.axis < x.ndim:
            type_check.fail(self.label, '-x.ndim <= axis < x.ndim',
                            'axis={}, x.ndim={}'.format(self.axis, x.ndim))

    def forward(self, inputs):
        return _flip(inputs[0], self.axis),

    def backward(self, indexes, grad_outputs):
        return Flip(self.axis).apply(grad_outputs)


def flip(x, axis):
    """Reverse the order of the elements of ``x`` along ``axis``.

    Parameters
    ----------
    x : Variable or array
        Input with at least one axis.
    axis : int
        The axis to reverse.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    return Flip(axis).apply((x,))[0]
