"""swapaxes, as a transpose (differentiable to every order)."""
import numpy

from kusari.functions.array.transpose import transpose


def swapaxes(x, axis1, axis2):
    """Interchange two axes of ``x``, like :func:`numpy.swapaxes`.

    Parameters
    ----------
    x : Variable or array
        Input of ``n`` dimensions.
    axis1, axis2 : int
        The axes to swap, each in ``[-n, n)``.

    Returns
    -------
    Variable
        ``x`` with the two axes swapped, dtype kept.

    Raises
    ------
    numpy.exceptions.AxisError
        For an axis out of range.
    """
    ndim = x.ndim
    a1 = numpy.lib.array_utils.normalize_axis_index(axis1, ndim)
    a2 = numpy.lib.array_utils.normalize_axis_index(axis2, ndim)
    order = list(range(ndim))
    order[a1], order[a2] = a2, a1
    return transpose(x, tuple(order))
