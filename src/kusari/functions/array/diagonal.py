"""diagonal: (batched) diagonals of an array, differentiable to every order.

The gradient places the output gradient back on the diagonal of a zero array
(:class:`DiagonalGrad`), whose own gradient is again :class:`Diagonal`: both are linear.
"""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


def _diag_index(shape, offset, axis1, axis2):
    """Row and column index arrays of the diagonal of a ``shape`` array."""
    rows, cols = shape[axis1], shape[axis2]
    if offset >= 0:
        n = max(0, min(rows, cols - offset))
        return range(n), range(offset, offset + n)
    n = max(0, min(rows + offset, cols))
    return range(-offset, -offset + n), range(n)


class Diagonal(FunctionNode):
    """The diagonal with ``offset`` of the planes spanned by ``axis1`` and ``axis2``."""

    def __init__(self, offset, axis1, axis2):
        self.offset = offset
        self.axis1 = axis1
        self.axis2 = axis2

    def _check_data_type_forward(self, in_data):
        x = in_data[0]
        for name, axis in (('axis1', self.axis1), ('axis2', self.axis2)):
            if not -x.ndim <= axis < x.ndim:
                type_check.fail(self.label, '-x.ndim <= {} < x.ndim'.format(name),
                                '{}={}, x.ndim={}'.format(name, axis, x.ndim))
        if self.axis1 % x.ndim == self.axis2 % x.ndim:
            type_check.fail(self.label, 'axis1 != axis2',
                            'axis1={}, axis2={} (x.ndim={})'.format(self.axis1, self.axis2,
                                                                    x.ndim))

    def forward(self, inputs):
        x, = inputs
        self._in_shape = x.shape
        xp = backend.get_array_module(x)
        return xp.ascontiguousarray(x.diagonal(self.offset, self.axis1, self.axis2)),

    def backward(self, indexes, grad_outputs):
        return DiagonalGrad(self._in_shape, self.offset, self.axis1, self.axis2).apply(
            grad_outputs)


class DiagonalGrad(FunctionNode):
    """A zero array of ``out_shape`` with its input on the diagonal (adjoint of
    :class:`Diagonal`)."""

    def __init__(self, out_shape, offset, axis1, axis2):
        self.out_shape = out_shape
        self.offset = offset
        self.axis1 = axis1
        self.axis2 = axis2

    def forward(self, inputs):
        g, = inputs
        xp = backend.get_array_module(g)
        out = xp.zeros(self.out_shape, g.dtype)
        ndim = len(self.out_shape)
        a1, a2 = self.axis1 % ndim, self.axis2 % ndim
        rows, cols = _diag_index(self.out_shape, self.offset, a1, a2)
        view = xp.moveaxis(out, (a1, a2), (-2, -1))
        view[..., xp.asarray(list(rows), dtype='i8'), xp.asarray(list(cols), dtype='i8')] = g
        return out,

    def backward(self, indexes, grad_outputs):
        return Diagonal(self.offset, self.axis1, self.axis2).apply(grad_outputs)


def diagonal(x, offset=0, axis1=0, axis2=1):
    """The diagonals of ``x`` in the planes of ``axis1`` and ``axis2``.

    The other axes are batch axes, as in :func:`numpy.diagonal`.

    Parameters
    ----------
    x : Variable or array
        At least two dimensions.
    offset : int
        Offset from the main diagonal: positive above it (toward higher ``axis2`` index),
        negative below.
    axis1, axis2 : int
        The row and column axes of the matrices (distinct, negative values allowed).

    Returns
    -------
    Variable
        Shape: ``x.shape`` without ``axis1`` and ``axis2``, then the diagonal's length;
        dtype of ``x``.

    Raises
    ------
    InvalidType
        If an axis is out of range or both are the same.

    >>> import numpy, kusari.functions as F
    >>> F.diagonal(numpy.arange(9.).reshape(3, 3), offset=1).array
    array([1., 5.])
    """
    return Diagonal(offset, axis1, axis2).apply((x,))[0]
