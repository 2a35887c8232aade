"""prod: the product over axes, differentiable to every order (zeros included)."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.math._util import AxisReduction
from kusari.functions.math.sum import normalize_axis
from kusari.utils import force_array


class _Shift(FunctionNode):
    """Shift along the last axis by ``d`` places (right if ``d > 0``), filling with ``fill``.

    Its adjoint is the opposite shift filling with zeros, so it is linear to every order.
    """

    def __init__(self, d, fill):
        self.d = d
        self.fill = fill

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        y = xp.full(x.shape, self.fill, x.dtype)
        d = self.d
        if d > 0:
            y[..., d:] = x[..., :-d]
        else:
            y[..., :d] = x[..., -d:]
        return y,

    def backward(self, indexes, grad_outputs):
        return _Shift(-self.d, 0).apply(grad_outputs)


def _exclusive_products(x):
    """For a Variable ``x`` of shape (..., n): the product of all other entries of each row.

    Built from prefix and suffix products by doubling scans of shifts and multiplications,
    so it is exact when entries are zero and differentiable to every order.
    """
    n = x.shape[-1]
    if n == 1:
        from kusari.variable import Variable
        return Variable(x.xp.ones_like(x.array), requires_grad=False)
    out = None
    for sign in (1, -1):
        acc = _Shift(sign, 1).apply((x,))[0]
        d = 1
        while d < n - 1:
            acc = acc * _Shift(sign * d, 1).apply((acc,))[0]
            d *= 2
        out = acc if out is None else out * acc
    return out


class Prod(AxisReduction):
    """Product over axes; the gradient of each element is the product of the others."""

    def forward(self, inputs):
        x, = inputs
        self.axis = normalize_axis(self.label, self._axis_arg, x.ndim)
        self.retain_inputs((0,))
        acc = numpy.float32 if x.dtype == numpy.float16 else x.dtype
        y = backend.get_array_module(x).prod(x, axis=self.axis, keepdims=self.keepdims,
                                             dtype=acc)
        return force_array(y, x.dtype),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.broadcast import broadcast_to
        from kusari.functions.array.reshape import reshape
        from kusari.functions.array.transpose import transpose
        x, = self.get_retained_inputs()
        gy, = grad_outputs
        shape = x.shape
        axes = tuple(range(x.ndim)) if self.axis is None else self.axis
        kept = tuple(i for i in range(x.ndim) if i not in axes)
        perm = kept + axes
        n = 1
        for a in axes:
            n *= shape[a]
        kept_shape = tuple(shape[i] for i in kept)
        # rows of the reduced elements, one row per output element
        xt = x if perm == tuple(range(x.ndim)) else transpose(x, perm)
        rows = reshape(xt, kept_shape + (n,))
        others = reshape(_exclusive_products(rows), tuple(shape[i] for i in perm))
        if perm != tuple(range(x.ndim)):
            others = transpose(others, tuple(numpy.argsort(perm)))
        return broadcast_to(reshape(gy, self._keepdims_shape(shape)), shape) * others,


def prod(x, axis=None, keepdims=False):
    """Product of the elements over the given axes.

    The gradient is the product of the other elements, computed without division, so it is
    right when some elements are zero.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.
    axis : None, int or tuple of ints
        The axes to reduce; None reduces all of them.
    keepdims : bool
        Keep the reduced axes with size 1.

    Returns
    -------
    Variable
        ``x`` reduced over ``axis``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.prod(numpy.array([[1., 2.], [3., 4.]]), axis=1).array
    array([ 2., 12.])
    """
    return Prod(axis, keepdims).apply((x,))[0]
