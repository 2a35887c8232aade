"""sum and sum_to: reductions, differentiable to every order."""
import numpy

from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check
from kusari.utils import sum_to as _sum_to_array


def normalize_axis(label, axis, ndim):
    """Validate ``axis`` (None, int or tuple of ints) for an array of ``ndim`` dimensions.

    Parameters
    ----------
    label : str
        The function's label, used in error messages.
    axis : None, int or tuple of ints
        The axes, possibly negative.
    ndim : int
        The number of dimensions of the array.

    Returns
    -------
    tuple of ints or None
        A sorted tuple of non-negative axes (or None).

    Raises
    ------
    InvalidType
        For an axis out of range.
    ValueError
        For a repeated axis.
    TypeError
        For a non-int axis.
    """
    if axis is None:
        return None
    axes = (axis,) if isinstance(axis, (int, numpy.integer)) else axis
    if not isinstance(axes, tuple) or not all(isinstance(a, (int, numpy.integer))
                                              for a in axes):
        raise TypeError('{}: axis must be None, an int or a tuple of ints, got {!r}'.format(
            label, axis))
    out = []
    for a in axes:
        if not -ndim <= a < ndim:
            type_check.fail(label, '-x.ndim <= axis < x.ndim',
                            'axis={}, x.ndim={}'.format(a, ndim))
        out.append(int(a) % ndim)
    if len(set(out)) != len(out):
        raise ValueError('{}: duplicate value in axis {!r}'.format(label, axis))
    return tuple(sorted(out))


class Sum(FunctionNode):
    """Sum over axes; its backward broadcasts the gradient back."""

    def __init__(self, axis=None, keepdims=False):
        self._axis_arg = axis
        self.keepdims = keepdims

    def forward(self, inputs):
        x, = inputs
        self.axis = normalize_axis(self.label, self._axis_arg, x.ndim)
        self._x_shape = x.shape
        if x.dtype == numpy.float16:
            y = x.sum(axis=self.axis, keepdims=self.keepdims, dtype=numpy.float32)
            return force_array(y, numpy.float16),
        return force_array(x.sum(axis=self.axis, keepdims=self.keepdims)),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.broadcast import broadcast_to
        from kusari.functions.array.reshape import reshape
        gy, = grad_outputs
        shape = self._x_shape
        if not self.keepdims and self.axis is not None:
            kshape = list(shape)
            for a in self.axis:
                kshape[a] = 1
            gy = reshape(gy, tuple(kshape))
        elif not self.keepdims:
            gy = reshape(gy, (1,) * len(shape))
        return broadcast_to(gy, shape),


def sum(x, axis=None, keepdims=False):  # noqa: A001 - Chainer's name
    """Sum of elements over the given axes.

    Parameters
    ----------
    x : Variable or array
        Input of any shape.
    axis : None, int or tuple of ints
        Axes to sum over; None sums everything.
    keepdims : bool
        Keep the summed axes with size 1.

    Returns
    -------
    Variable
        ``x`` reduced over ``axis``: the shape of ``x`` without those axes (with size 1
        instead if ``keepdims``), ``()`` for ``axis=None``; dtype kept (float16 accumulates
        in float32).

    Raises
    ------
    InvalidType
        For an axis out of range.
    ValueError
        For a repeated axis.
    TypeError
        For a non-int axis.
    """
    return Sum(axis, keepdims).apply((x,))[0]


class SumTo(FunctionNode):
    """Sum down to a shape (the inverse of broadcasting); its backward broadcasts."""

    def __init__(self, shape):
        self._shape = tuple(shape)

    def _check_data_type_forward(self, in_data):
        x = in_data[0]
        shape = self._shape
        lead = x.ndim - len(shape)
        ok = lead >= 0 and all(s in (1, xs) for s, xs in zip(shape, x.shape[lead:]))
        if not ok:
            type_check.fail(self.label, 'x.shape can be summed to {}'.format(shape),
                            'x.shape={}'.format(x.shape))

    def forward(self, inputs):
        x, = inputs
        self._x_shape = x.shape
        return force_array(_sum_to_array(x, self._shape)),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.broadcast import broadcast_to
        return broadcast_to(grad_outputs[0], self._x_shape),


def sum_to(x, shape):
    """Sum ``x`` down to ``shape``, the inverse of broadcasting to ``x.shape``.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(..., *shape')`` where each axis of ``shape`` is 1 or equals the
        matching axis of ``x``.
    shape : tuple of ints
        The target shape.

    Returns
    -------
    Variable
        Shape ``shape``, dtype of ``x``.

    Raises
    ------
    InvalidType
        If ``x.shape`` cannot be summed to ``shape``.
    """
    if x.shape == tuple(shape):
        from kusari.variable import as_variable
        return as_variable(x)
    return SumTo(shape).apply((x,))[0]
