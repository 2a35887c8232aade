"""squeeze, as a reshape (differentiable to every order)."""
from kusari.functions.array.reshape import reshape
from kusari.functions.math.sum import normalize_axis


def squeeze(x, axis=None):
    """Remove axes of size 1.

    Parameters
    ----------
    x : Variable or array
        Input of any shape.
    axis : None, int or tuple of ints
        The axes to remove (each must have size 1); None removes every axis of size 1.

    Returns
    -------
    Variable
        ``x`` without those axes (same size), dtype kept.

    Raises
    ------
    InvalidType
        If an axis is out of range.
    ValueError
        If an axis does not have size 1 (as NumPy and Chainer).
    """
    shape = x.shape
    axes = normalize_axis('Squeeze', axis, x.ndim)
    if axes is None:
        axes = tuple(i for i, s in enumerate(shape) if s == 1)
    for a in axes:
        if shape[a] != 1:
            raise ValueError('Squeeze: cannot squeeze out an axis of size other than one: '
                             'x.shape={}, axis={}'.format(shape, a))
    return reshape(x, tuple(s for i, s in enumerate(shape) if i not in axes))
