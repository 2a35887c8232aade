"""cumprod: cumulative products along an axis, differentiable to every order.

The derivative of :math:`y_i = \\prod_{j \\le i} x_j` is computed without dividing by
``x`` (so zeros are fine): :math:`g_{x_k} = y_{k-1} S_k` where
:math:`S_k = \\sum_{i \\ge k} g_{y_i} \\prod_{k < j \\le i} x_j` obeys the first-order
linear recurrence :math:`S_k = g_{y_k} + x_{k+1} S_{k+1}` (run backwards). That recurrence
is a node of its own (:class:`LinearRecurrence`) whose derivatives are again recurrences
and products, so every order of derivative is exact.
"""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


def _along(v, axis, start, stop):
    """``v[start:stop]`` along ``axis`` (a Variable, differentiable)."""
    from kusari.functions.array.get_item import get_item
    return get_item(v, (slice(None),) * axis + (slice(start, stop),))


def _flip(v, axis):
    from kusari.functions.array.flip import flip
    return flip(v, axis)


class LinearRecurrence(FunctionNode):
    """:math:`z_0 = b_0`, :math:`z_i = a_{i-1} z_{i-1} + b_i` along ``axis``.

    ``a`` has one element fewer than ``b`` along ``axis`` (the coefficient linking each
    element to the next). The backward is the same recurrence run from the end:
    :math:`g_{b_k} = g_{z_k} + a_k g_{b_{k+1}}` and :math:`g_{a_k} = g_{b_{k+1}} z_k`.
    """

    def __init__(self, axis):
        self.axis = axis

    def forward(self, inputs):
        a, b = inputs
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        xp = backend.get_array_module(a, b)
        acc = numpy.float32 if b.dtype == numpy.float16 else b.dtype
        am = xp.moveaxis(a, self.axis, 0).astype(acc)
        bm = xp.moveaxis(b, self.axis, 0)
        z = xp.empty(bm.shape, acc)
        cur = bm[0].astype(acc)
        z[0] = cur
        for i in range(1, bm.shape[0]):
            cur = am[i - 1] * cur + bm[i]
            z[i] = cur
        return xp.ascontiguousarray(xp.moveaxis(z, 0, self.axis).astype(b.dtype)),

    def backward(self, indexes, grad_outputs):
        a, = self.get_retained_inputs()
        z, = self.get_retained_outputs()
        gz, = grad_outputs
        axis = self.axis
        gb = _flip(LinearRecurrence(axis).apply((_flip(a, axis), _flip(gz, axis)))[0], axis)
        ret = []
        if 0 in indexes:
            ret.append(_along(gb, axis, 1, None) * _along(z, axis, None, -1))
        if 1 in indexes:
            ret.append(gb)
        return tuple(ret)


class Cumprod(FunctionNode):
    """Inclusive cumulative product along ``axis`` (of the flattened input when None)."""

    def __init__(self, axis):
        if axis is not None and (not isinstance(axis, (int, numpy.integer))
                                 or isinstance(axis, bool)):
            raise TypeError('cumprod: axis must be int or None, got {!r}'.format(axis))
        self.axis = None if axis is None else int(axis)

    def _check_data_type_forward(self, in_data):
        x = in_data[0]
        type_check.check_float(self.label, 'x', x)
        if self.axis is not None and not -x.ndim <= self.axis < x.ndim:
            type_check.fail(self.label, '-x.ndim <= axis < x.ndim',
                            'axis={}, x.ndim={}'.format(self.axis, x.ndim))

    def forward(self, inputs):
        x, = inputs
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        xp = backend.get_array_module(x)
        acc = numpy.float32 if x.dtype == numpy.float16 else x.dtype
        y = xp.cumprod(x, axis=self.axis, dtype=acc)
        return force_array(y.astype(x.dtype, copy=False)),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.concat import concat
        from kusari.functions.array.reshape import reshape
        x, = self.get_retained_inputs()
        y, = self.get_retained_outputs()
        gy, = grad_outputs
        shape = x.shape
        if self.axis is None:
            x = reshape(x, (x.size,))
            axis = 0
        else:
            axis = self.axis % x.ndim
        if x.shape[axis] <= 1:
            gx = gy
        else:
            # S_k = gy_k + x_{k+1} S_{k+1}, run from the end
            s = _flip(LinearRecurrence(axis).apply(
                (_flip(_along(x, axis, 1, None), axis), _flip(gy, axis)))[0], axis)
            ones = y.xp.ones(_along(y, axis, None, 1).shape, y.dtype)
            gx = s * concat((ones, _along(y, axis, None, -1)), axis=axis)
        if gx.shape != shape:
            gx = reshape(gx, shape)
        return gx,


def cumprod(x, axis=None):
    """Cumulative product along ``axis``: :math:`y_i = \\prod_{j \\le i} x_j`.

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

    Raises
    ------
    TypeError
        If ``axis`` is neither an int nor None.
    InvalidType
        If ``x`` is not float or ``axis`` is out of range.

    >>> import numpy, kusari.functions as F
    >>> F.cumprod(numpy.array([1., 2., 3.])).array
    array([1., 2., 6.])
    """
    return Cumprod(axis).apply((x,))[0]
