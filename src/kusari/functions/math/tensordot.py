"""tensordot: contraction over pairs of axes, composed of transpose, reshape and matmul."""
import numbers
from collections.abc import Sequence

import numpy

from kusari.functions.array.cast import cast
from kusari.functions.array.reshape import reshape
from kusari.functions.array.transpose import transpose
from kusari.functions.math.basic_math import matmul
from kusari.utils import type_check


def _axes_pair(axes, a_ndim, b_ndim):
    if isinstance(axes, Sequence) and not isinstance(axes, str):
        if len(axes) != 2:
            raise ValueError('axes must be a pair of sequence of integers when it is a list '
                             'or tuple.')
        a_axes, b_axes = axes
        a_axes = (a_axes,) if numpy.isscalar(a_axes) else tuple(a_axes)
        b_axes = (b_axes,) if numpy.isscalar(b_axes) else tuple(b_axes)
    elif isinstance(axes, numbers.Integral):
        if axes < 0:
            raise ValueError('axes must be non-negative, got {}'.format(axes))
        a_axes = tuple(range(a_ndim - axes, a_ndim))
        b_axes = tuple(range(axes))
    else:
        raise TypeError('axes must be a pair of sequence of integers or an integer')
    if len(a_axes) != len(b_axes):
        raise ValueError('axes count mismatch')
    if a_ndim < len(a_axes) or b_ndim < len(b_axes):
        raise ValueError('dimension of input tensors must be greater equal to dot-axes.\n'
                         'Actual: {}'.format(len(a_axes)))
    for ax, n in [(x, a_ndim) for x in a_axes] + [(x, b_ndim) for x in b_axes]:
        if not -n <= ax < n:
            raise ValueError('axis {} is out of bounds for an array of dimension {}'.format(
                ax, n))
    return tuple(x % a_ndim for x in a_axes), tuple(x % b_ndim for x in b_axes)


def tensordot(a, b, axes=2):
    """Tensor dot product: sum the products of ``a`` and ``b`` over pairs of axes.

    Parameters
    ----------
    a : Variable or array
        The first operand, float dtype.
    b : Variable or array
        The second operand, float dtype.
    axes : int or pair of sequences of ints
        An int ``n`` contracts the last ``n`` axes of ``a`` with the first ``n`` of ``b``;
        a pair ``(a_axes, b_axes)`` contracts ``a_axes[k]`` with ``b_axes[k]``.

    Returns
    -------
    Variable
        Shape: the free axes of ``a`` then those of ``b``; dtype: the promotion of both.

    >>> import numpy, kusari.functions as F
    >>> F.tensordot(numpy.ones((2, 3)), numpy.ones((3, 4)), axes=1).shape
    (2, 4)
    """
    label = 'TensorDot'
    type_check.check_float(label, 'a', a)
    type_check.check_float(label, 'b', b)
    a_axes, b_axes = _axes_pair(axes, a.ndim, b.ndim)
    for x, y in zip(a_axes, b_axes):
        if a.shape[x] != b.shape[y]:
            raise ValueError('shape mismatch')
    dtype = numpy.result_type(a.dtype, b.dtype)
    a = cast(a, dtype)
    b = cast(b, dtype)
    a_free = tuple(i for i in range(a.ndim) if i not in a_axes)
    b_free = tuple(i for i in range(b.ndim) if i not in b_axes)
    k = 1
    for x in a_axes:
        k *= a.shape[x]
    out_shape = tuple(a.shape[i] for i in a_free) + tuple(b.shape[i] for i in b_free)
    a_perm = a_free + a_axes
    b_perm = b_axes + b_free
    if a_perm != tuple(range(a.ndim)):
        a = transpose(a, a_perm)
    if b_perm != tuple(range(b.ndim)):
        b = transpose(b, b_perm)
    a2 = reshape(a, (-1, k) if k else (int(numpy.prod(a.shape[:len(a_free)])), 0))
    b2 = reshape(b, (k, -1) if k else (0, int(numpy.prod(b.shape[len(b_axes):]))))
    return reshape(matmul(a2, b2), out_shape)
