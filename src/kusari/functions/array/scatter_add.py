"""scatter_add: ``a`` with ``b`` added at ``a[slices]`` (repeated indices accumulate)."""
from kusari.function_node import FunctionNode
from kusari.functions.array._add_at import add_at
from kusari.functions.array._index import n_indexed_axes, normalize_index
from kusari.utils import type_check


class ScatterAdd(FunctionNode):
    """``y = a.copy(); numpy.add.at(y, slices, b)``."""

    def __init__(self, slices):
        self.slices = normalize_index(slices)

    def _check_data_type_forward(self, in_data):
        n = n_indexed_axes(self.slices)
        if in_data[0].ndim < n:
            type_check.fail(self.label, 'a.ndim >= {} (the axes the index consumes)'.format(n),
                            'a.shape={}'.format(in_data[0].shape))

    def forward(self, inputs):
        a, b = inputs
        y = a.copy()
        try:
            target = y[self.slices].shape
        except IndexError as e:
            raise IndexError('ScatterAdd: {} (a.shape={})'.format(e, a.shape)) from None
        if target != b.shape:
            raise ValueError(
                'ScatterAdd: b.shape must equal a[slices].shape (no broadcasting): '
                '{} != {}'.format(b.shape, target))
        if b.dtype != a.dtype:
            raise TypeError('ScatterAdd: a.dtype == b.dtype expected, got {} and {}'.format(
                a.dtype, b.dtype))
        add_at(y, self.slices, b)
        return y,

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.get_item import get_item
        gy, = grad_outputs
        ret = []
        if 0 in indexes:
            ret.append(gy)
        if 1 in indexes:
            ret.append(get_item(gy, self.slices))
        return tuple(ret)


def scatter_add(a, slices, b):
    """Add ``b`` to the elements of ``a`` selected by ``slices``.

    Unlike ``a[slices] += b``, elements indexed several times get every contribution (as
    :func:`numpy.add.at`). ``a`` is not modified.

    Parameters
    ----------
    a : Variable or array
        The base array.
    slices : int, slice, Ellipsis, None, integer array, list or tuple of them
        The index, read as :func:`get_item` reads it.
    b : Variable or array
        Values of shape ``a[slices].shape`` (no broadcasting) and dtype of ``a``.

    Returns
    -------
    Variable
        Shape and dtype of ``a``.

    Raises
    ------
    InvalidType
        If the index consumes more axes than ``a`` has.
    ValueError
        If ``b.shape != a[slices].shape``; in debug mode, for more than one Ellipsis.
    IndexError
        For an index out of bounds.
    """
    return ScatterAdd(slices).apply((a, b))[0]
