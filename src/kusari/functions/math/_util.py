"""Private helpers shared by the modules of ``kusari.functions.math``."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check
from kusari.variable import Variable


def apply_without_grad(ufunc_name, x):
    """Apply the array module's elementwise ``ufunc_name`` to ``x`` outside any graph.

    Parameters
    ----------
    ufunc_name : str
        Name of the NumPy/CuPy elementwise function (``'ceil'``, ``'floor'``, ...).
    x : Variable or array
        Input of any shape.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``, with ``requires_grad=False`` and no creator.
    """
    x = getattr(x, 'array', x)
    xp = backend.get_array_module(x)
    return Variable(force_array(getattr(xp, ufunc_name)(x), x.dtype), requires_grad=False)


def check_axis_arg(axis):
    """Raise unless ``axis`` is None, an int or a tuple of distinct ints."""
    if axis is None or isinstance(axis, (int, numpy.integer)):
        return
    if isinstance(axis, tuple) and all(isinstance(a, (int, numpy.integer)) for a in axis):
        if len(set(axis)) != len(axis):
            raise ValueError('duplicate value in axis: ({})'.format(', '.join(map(str, axis))))
        return
    raise TypeError('None, int or tuple of int are required')


class AxisReduction(FunctionNode):
    """Base of a reduction of one float input over ``axis`` (None, int or tuple of ints).

    ``forward`` sets ``self.axis`` with ``normalize_axis`` (a sorted tuple, or None for all
    axes).
    """

    def __init__(self, axis=None, keepdims=False):
        check_axis_arg(axis)
        self._axis_arg = axis
        self.keepdims = keepdims

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def _keepdims_shape(self, shape):
        """``shape`` with every reduced axis set to 1."""
        return tuple(1 if self.axis is None or i in self.axis else s
                     for i, s in enumerate(shape))


def broadcast_along(label, x, y, axis):
    """Broadcast ``y`` to ``x``'s shape, aligning its axes with ``x``'s from ``axis`` on.

    Parameters
    ----------
    label : str
        The function's label, used in the error message.
    x : Variable or array
        Input of shape ``(s_1, ..., s_N)``.
    y : Variable or array
        Input of shape ``(s_axis, ..., s_{axis + M - 1})``.
    axis : int
        The first axis of ``x`` that ``y``'s first axis is aligned with.

    Returns
    -------
    Variable
        ``y`` broadcast to the shape of ``x``.

    Raises
    ------
    InvalidType
        Unless ``x.shape[axis:axis + y.ndim] == y.shape``; an AssertionError instead in
        debug mode (``config.debug``), where Chainer asserts the shapes.
    """
    from kusari.configuration import config
    from kusari.functions.array.broadcast import broadcast_to
    from kusari.functions.array.reshape import reshape
    x_shape = tuple(x.shape)
    y_shape = tuple(y.shape)
    if not 0 <= axis <= len(x_shape) - len(y_shape) or \
            x_shape[axis:axis + len(y_shape)] != y_shape:
        expect = 'x.shape[axis:axis + y.ndim] == y.shape'
        actual = 'x.shape={}, y.shape={}, axis={}'.format(x_shape, y_shape, axis)
        if config.debug:
            raise AssertionError('{}: expected {}, got {}'.format(label, expect, actual))
        type_check.fail(label, expect, actual)
    y1 = reshape(y, (1,) * axis + y_shape + (1,) * (len(x_shape) - axis - len(y_shape)))
    return broadcast_to(y1, x_shape)
