"""max, min (differentiable to every order, almost everywhere), argmax and argmin."""
import numpy

from kusari import backend
from kusari.functions.math._util import AxisReduction
from kusari.functions.math.sum import normalize_axis
from kusari.utils import force_array, type_check
from kusari.variable import Variable


class _SelectorBase(AxisReduction):
    """Max or Min over axes; the gradient goes to every element equal to the result."""

    _reduce = None

    def forward(self, inputs):
        x, = inputs
        self.axis = normalize_axis(self.label, self._axis_arg, x.ndim)
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        y = getattr(backend.get_array_module(x), self._reduce)(
            x, axis=self.axis, keepdims=self.keepdims)
        return force_array(y),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.broadcast import broadcast_to
        from kusari.functions.array.reshape import reshape
        x = self.get_retained_inputs()[0].array
        y = self.output_data[0]
        gy, = grad_outputs
        kshape = self._keepdims_shape(x.shape)
        # which elements attain the extremum: a constant of x (exact at every order)
        mask = (x == y.reshape(kshape)).astype(x.dtype)
        return broadcast_to(reshape(gy, kshape), x.shape) * mask,


class Max(_SelectorBase):
    _reduce = 'amax'


class Min(_SelectorBase):
    _reduce = 'amin'


def max(x, axis=None, keepdims=False):  # noqa: A001 - Chainer's name
    """Maximum over the given axes.

    Every element equal to the maximum of its slice receives the full gradient.

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
    >>> F.max(numpy.array([[1., 3.], [2., 0.]], numpy.float32), axis=1).array
    array([3., 2.], dtype=float32)
    """
    return Max(axis, keepdims).apply((x,))[0]


def min(x, axis=None, keepdims=False):  # noqa: A001 - Chainer's name
    """Minimum over the given axes.

    Every element equal to the minimum of its slice receives the full gradient.

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
    """
    return Min(axis, keepdims).apply((x,))[0]


def _index_select(label, x, axis, name):
    if axis is not None and (not isinstance(axis, (int, numpy.integer))
                             or isinstance(axis, bool)):
        raise TypeError('None or int are required')
    x = getattr(x, 'array', x)
    type_check.check_float(label, 'x', x)
    if axis is not None and not -x.ndim <= axis < x.ndim:
        type_check.fail(label, '-x.ndim <= axis < x.ndim',
                        'axis={}, x.ndim={}'.format(axis, x.ndim))
    xp = backend.get_array_module(x)
    y = getattr(xp, name)(x, axis=axis)
    return Variable(force_array(xp.asarray(y).astype(numpy.int32)), requires_grad=False)


def argmax(x, axis=None):
    """Index of the maximum along ``axis`` (of the flattened input when None).

    Not differentiable: the result is a Variable outside any graph.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.
    axis : None or int
        The axis to search.

    Returns
    -------
    Variable
        ``x``'s shape without ``axis`` (a 0-d array when ``axis`` is None), int32.

    >>> import numpy, kusari.functions as F
    >>> F.argmax(numpy.array([[1., 3.], [2., 0.]], numpy.float32), axis=1).array
    array([1, 0], dtype=int32)
    """
    return _index_select('ArgMax', x, axis, 'argmax')


def argmin(x, axis=None):
    """Index of the minimum along ``axis`` (of the flattened input when None).

    Not differentiable: the result is a Variable outside any graph.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.
    axis : None or int
        The axis to search.

    Returns
    -------
    Variable
        ``x``'s shape without ``axis`` (a 0-d array when ``axis`` is None), int32.
    """
    return _index_select('ArgMin', x, axis, 'argmin')
