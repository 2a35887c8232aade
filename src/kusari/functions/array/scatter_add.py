"""scatter_add: ``a`` with ``b`` added at ``a[slices]`` (repeated indices accumulate)."""
import numpy

from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.functions.array._add_at import add_at
from kusari.variable import Variable


def _normalize_slices(slices):
    if isinstance(slices, list):
        if all(isinstance(s, int) for s in slices):
            slices = (slices,)
        slices = tuple(slices)
    elif not isinstance(slices, tuple):
        slices = (slices,)
    out = []
    for s in slices:
        if isinstance(s, Variable):
            s = s.array
        elif isinstance(s, list):
            s = numpy.asarray(s)
        out.append(s)
    if config.debug and sum(s is Ellipsis for s in out) > 1:
        raise ValueError('Only one Ellipsis is allowed')
    return tuple(out)


class ScatterAdd(FunctionNode):
    """``y = a.copy(); numpy.add.at(y, slices, b)``."""

    def __init__(self, slices):
        self.slices = _normalize_slices(slices)

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
    slices : int, slice, Ellipsis, None, integer array or tuple of them
        The index, as for :func:`get_item`.
    b : Variable or array
        Values of shape ``a[slices].shape`` (no broadcasting) and dtype of ``a``.

    Returns
    -------
    Variable
        Shape and dtype of ``a``.
    """
    return ScatterAdd(slices).apply((a, b))[0]
