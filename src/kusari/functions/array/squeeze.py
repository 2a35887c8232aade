"""squeeze, as a reshape (differentiable to every order)."""
from kusari.functions.array.reshape import reshape
from kusari.functions.math.sum import normalize_axis
from kusari.utils import type_check


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
        If an axis is out of range or does not have size 1.
    """
    shape = x.shape
    axes = normalize_axis('Squeeze', axis, x.ndim)
    if axes is None:
        axes = tuple(i for i, s in enumerate(shape) if s == 1)
    for a in axes:
        if shape[a] != 1:
            type_check.fail('Squeeze', 'x.shape[axis] == 1',
                            'x.shape={}, axis={}'.format(shape, a))
    return reshape(x, tuple(s for i, s in enumerate(shape) if i not in axes))
