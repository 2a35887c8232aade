"""How ``get_item`` and ``scatter_add`` read an index (Chainer's rules)."""
import numpy

from kusari.configuration import config
from kusari.variable import Variable


def normalize_index(slices):
    """The index ``slices`` as a tuple of index entries, read as Chainer reads it.

    A list of ints is one integer-array index (``x[[1, 0]]``); any other list is a tuple of
    entries (``[1, slice(1, 2)]`` is ``(1, slice(1, 2))``); anything else but a tuple is a
    single entry. Variables become their arrays and lists inside become arrays; an empty list
    is an empty *integer* index (NumPy reads ``x[[]]`` so, while ``numpy.asarray([])`` is
    float).

    Parameters
    ----------
    slices : int, slice, None, Ellipsis, array, list, Variable or tuple of them
        The index.

    Returns
    -------
    tuple
        The index entries.

    Raises
    ------
    ValueError
        In debug mode (``config.debug``), for more than one Ellipsis.
    """
    if isinstance(slices, list):
        if all(isinstance(s, (int, numpy.integer)) for s in slices):
            slices = (slices,)
        slices = tuple(slices)
    elif not isinstance(slices, tuple):
        slices = (slices,)
    out = []
    for s in slices:
        if isinstance(s, Variable):
            s = s.array
        elif isinstance(s, list):
            a = numpy.asarray(s)
            s = a.astype(numpy.intp) if a.size == 0 and a.dtype.kind == 'f' else a
        out.append(s)
    if config.debug and sum(s is Ellipsis for s in out) > 1:
        raise ValueError('Only one Ellipsis is allowed (index {})'.format(slices))
    return tuple(out)


def n_indexed_axes(slices):
    """How many axes of the indexed array ``slices`` (normalized) consumes."""
    n = 0
    for s in slices:
        if s is None or s is Ellipsis:
            continue
        dtype = getattr(s, 'dtype', None)
        n += s.ndim if dtype is not None and dtype.kind == 'b' else 1
    return n
