"""split_axis: split an array into pieces along an axis; the backward is concat."""
import collections.abc
import numbers

import numpy

from kusari import backend
from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.utils import type_check


def _indices_or_sections(ios):
    """Return ``(indices, None)`` for a sequence, ``(None, sections)`` for an int."""
    if isinstance(ios, numpy.ndarray) or backend._is_cupy_array(ios):
        if ios.dtype.kind not in 'iu' and ios.size > 0:
            raise TypeError('indices_or_sections must be integers')
        if ios.ndim >= 2:
            raise TypeError('indices_or_sections must be 1-D sequence')
        if ios.ndim == 0:
            return None, int(ios)
        return [int(i) for i in backend.CpuDevice().send(ios)], None
    if isinstance(ios, collections.abc.Sequence):
        ios = [int(i) for i in ios]
        if config.debug and any(p > n for p, n in zip(ios, ios[1:])):
            raise ValueError('indices_or_sections must be sorted')
        return ios, None
    if isinstance(ios, numbers.Integral) and not isinstance(ios, bool):
        return None, int(ios)
    raise TypeError('indices_or_sections must be integer or 1-D array.\nActual: {}'.format(
        type(ios)))


class SplitAxis(FunctionNode):
    """Split along ``axis`` at ``indices`` (a list) or into ``sections`` equal parts."""

    def __init__(self, indices_or_sections, axis):
        self.indices, self.sections = _indices_or_sections(indices_or_sections)
        self.axis = axis

    @property
    def indices_or_sections(self):
        return self.indices if self.indices is not None else self.sections

    def _check_data_type_forward(self, in_data):
        x, = in_data
        label = self.label
        if not -x.ndim <= self.axis < x.ndim:
            type_check.fail(label, '-x.ndim <= axis < x.ndim',
                            'axis={}, x.ndim={}'.format(self.axis, x.ndim))
        size = x.shape[self.axis]
        if self.indices is not None:
            if self.indices and size < self.indices[-1]:
                type_check.fail(label, 'x.shape[axis] >= max_index',
                                '{} < {}'.format(size, self.indices[-1]))
        elif self.sections <= 0 or size % self.sections:
            type_check.fail(label, 'x.shape[axis] % sections == 0',
                            'x.shape[axis]={}, sections={}'.format(size, self.sections))

    def forward(self, inputs):
        x, = inputs
        ys = backend.get_array_module(x).split(x, self.indices_or_sections, self.axis)
        self._shapes = [y.shape for y in ys]
        self._dtype = x.dtype
        return tuple(ys)

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.concat import concat
        xp = None
        gys = []
        for gy, shape in zip(grad_outputs, self._shapes):
            if gy is None:
                if xp is None:
                    g0 = next(g for g in grad_outputs if g is not None)
                    xp = backend.get_array_module(g0.array)
                gy = xp.zeros(shape, self._dtype)
            gys.append(gy)
        return concat(gys, self.axis),


def split_axis(x, indices_or_sections, axis, force_tuple=True):
    """Split ``x`` into several variables along ``axis``.

    Parameters
    ----------
    x : Variable or array
        The input.
    indices_or_sections : int or 1-D sequence of ints
        An int ``n`` splits into ``n`` equal parts (``x.shape[axis]`` must be divisible by
        ``n``); a sorted sequence gives the split points, as in :func:`numpy.split`.
    axis : int
        The axis to split along.
    force_tuple : bool
        If False and the split gives one piece, return it instead of a 1-tuple.

    Returns
    -------
    tuple of Variable (or a Variable)
        The pieces, with the shape of ``x`` except along ``axis``.
    """
    ys = SplitAxis(indices_or_sections, axis).apply((x,))
    if force_tuple or len(ys) != 1:
        return ys
    return ys[0]
