"""moveaxis, as a transpose (differentiable to every order)."""
import numbers

from kusari.functions.array.transpose import transpose
from kusari.utils import type_check


def _as_axes(label, name, axis, ndim):
    axes = (axis,) if isinstance(axis, numbers.Integral) else axis
    if not isinstance(axes, (tuple, list)) or not all(
            isinstance(a, numbers.Integral) and not isinstance(a, bool) for a in axes):
        raise TypeError('int or tuple of int are required.')
    for a in axes:
        if not -ndim <= a < ndim:
            type_check.fail(label, '-x.ndim <= {} < x.ndim'.format(name),
                            '{}={}, x.ndim={}'.format(name, a, ndim))
    axes = [int(a) % ndim for a in axes]
    if len(set(axes)) != len(axes):
        raise ValueError('duplicate value in {} axis: ({})'.format(
            name, ', '.join(map(str, axes))))
    return axes


def moveaxis(x, source, destination):
    """Move axes of ``x`` to new positions, like :func:`numpy.moveaxis`.

    Parameters
    ----------
    x : Variable or array
        Input, float dtype.
    source : int or tuple of ints
        The axes to move.
    destination : int or tuple of ints
        Their new positions (as many as ``source``).

    Returns
    -------
    Variable
        ``x`` with the axes moved, dtype kept.
    """
    label = 'Moveaxis'
    type_check.check_float(label, 'x', x)
    ndim = x.ndim
    src = _as_axes(label, 'source', source, ndim)
    dst = _as_axes(label, 'destination', destination, ndim)
    if len(src) != len(dst):
        raise ValueError('Length of source and destination are different.')
    order = [a for a in range(ndim) if a not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return transpose(x, tuple(order))
