"""expand_dims, as a reshape (differentiable to every order)."""
from kusari.functions.array.reshape import reshape
from kusari.utils import type_check


def expand_dims(x, axis):
    """Insert an axis of size 1 at position ``axis``.

    Parameters
    ----------
    x : Variable or array
        Input of ``n`` dimensions.
    axis : int
        Position in ``[-n - 1, n]`` of the new axis.

    Returns
    -------
    Variable
        ``n + 1`` dimensions: shape ``x.shape[:axis] + (1,) + x.shape[axis:]`` (for a
        non-negative ``axis``), dtype kept.

    Raises
    ------
    InvalidType
        If ``axis`` is out of range.
    """
    ndim = x.ndim
    if not -ndim - 1 <= axis <= ndim:
        type_check.fail('ExpandDims', '-x.ndim - 1 <= axis <= x.ndim',
                        'axis={}, x.ndim={}'.format(axis, ndim))
    if axis < 0:
        axis += ndim + 1
    shape = tuple(x.shape)
    return reshape(x, shape[:axis] + (1,) + shape[axis:])
