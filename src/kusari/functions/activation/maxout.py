"""maxout: the maximum over groups of units (a reshape and a max)."""
from kusari.functions.array.reshape import reshape
from kusari.functions.math.minmax import max as _max
from kusari.utils import type_check


def maxout(x, pool_size, axis=1):
    """Maxout: split axis ``axis`` into ``(M, pool_size)`` and take the maximum of each group.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(s_1, ..., s_axis, ..., s_N)`` with ``s_axis = M * pool_size``.
    pool_size : int
        The number of units per group (positive).
    axis : int
        The axis to pool over.

    Returns
    -------
    Variable
        ``x``'s shape with ``s_axis`` replaced by ``M``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.maxout(numpy.array([[1., 3., 2., 0.]], numpy.float32), 2).array
    array([[3., 2.]], dtype=float32)
    """
    if pool_size <= 0:
        raise ValueError('pool_size must be a positive integer.')
    shape = tuple(x.shape)
    if not -len(shape) <= axis < len(shape):
        type_check.fail('Maxout', '-x.ndim <= axis < x.ndim',
                        'axis={}, x.ndim={}'.format(axis, len(shape)))
    axis %= len(shape)
    if shape[axis] % pool_size != 0:
        raise type_check.InvalidType(
            'x.shape[axis] % pool_size == 0',
            'x.shape[axis]={}, pool_size={}'.format(shape[axis], pool_size),
            'axis dimension must be divided by pool_size\n\n'
            'Expect: x.shape[axis] % pool_size == 0\n'
            'Actual: x.shape[axis]={}, pool_size={}'.format(shape[axis], pool_size))
    new_shape = shape[:axis] + (shape[axis] // pool_size, pool_size) + shape[axis + 1:]
    return _max(reshape(x, new_shape), axis=axis + 1)
