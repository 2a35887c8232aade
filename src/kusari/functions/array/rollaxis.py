"""rollaxis, as a transpose (differentiable to every order)."""
import numbers

from kusari.functions.array.transpose import transpose
from kusari.utils import type_check


def rollaxis(x, axis, start=0):
    """Roll ``axis`` backwards until it lies before position ``start``, like
    :func:`numpy.rollaxis`.

    Parameters
    ----------
    x : Variable or array
        Input of ``n`` dimensions.
    axis : int
        The axis to move, in ``[-n, n)``.
    start : int
        The axis is moved to just before this position, in ``[-n, n]``.

    Returns
    -------
    Variable
        ``x`` with the axis moved, dtype kept.
    """
    for name, v in (('axis', axis), ('start', start)):
        if not isinstance(v, numbers.Integral) or isinstance(v, bool):
            raise TypeError('{} must be int'.format(name))
    ndim = x.ndim
    if not -ndim <= axis < ndim:
        type_check.fail('Rollaxis', '-x.ndim <= axis < x.ndim',
                        'axis={}, x.ndim={}'.format(axis, ndim))
    if not -ndim <= start <= ndim:
        type_check.fail('Rollaxis', '-x.ndim <= start <= x.ndim',
                        'start={}, x.ndim={}'.format(start, ndim))
    axis = int(axis) % ndim
    start = int(start) + ndim if start < 0 else int(start)
    order = [a for a in range(ndim) if a != axis]
    order.insert(start - 1 if start > axis else start, axis)
    return transpose(x, tuple(order))
