"""repeat: repeat elements (numpy.repeat); its backward sums the repeats (every order)."""
import numbers

import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.array._add_at import add_at


def _is_int(v):
    return isinstance(v, numbers.Integral) and not isinstance(v, bool)


def _is_count(v):
    # NumPy takes bools as counts (True: once), so do Chainer and kusari; not for ``axis``
    return isinstance(v, numbers.Integral)


class Repeat(FunctionNode):
    """``numpy.repeat(x, repeats, axis)``."""

    def __init__(self, repeats, axis=None):
        if _is_count(repeats):
            self.repeats = (int(repeats),)
        elif isinstance(repeats, tuple) and all(_is_count(r) for r in repeats):
            self.repeats = tuple(int(r) for r in repeats)
        else:
            raise TypeError('repeats must be int or tuple of ints')
        if not all(r >= 0 for r in self.repeats):
            raise ValueError('all elements in repeats must be zero or larger')
        if axis is not None and not _is_int(axis):
            raise TypeError('axis must be int or None')
        self.axis = axis

    def forward(self, inputs):
        x, = inputs
        self._x_shape = x.shape
        reps = self.repeats[0] if len(self.repeats) == 1 else self.repeats
        try:
            return backend.get_array_module(x).repeat(x, reps, self.axis),
        except ValueError as e:
            raise ValueError('Repeat: {} (x.shape={}, repeats={}, axis={})'.format(
                e, x.shape, self.repeats, self.axis)) from None

    def backward(self, indexes, grad_outputs):
        return RepeatGrad(self.repeats, self.axis, self._x_shape).apply(grad_outputs)


class RepeatGrad(FunctionNode):
    """Sum each group of repeated elements; its backward is :class:`Repeat`."""

    def __init__(self, repeats, axis, in_shape):
        self.repeats = repeats
        self.axis = axis
        self.in_shape = in_shape

    def forward(self, inputs):
        gy, = inputs
        xp = backend.get_array_module(gy)
        if self.axis is None:
            gy = gy.reshape(-1)
            axis = 0
            n = int(numpy.prod(self.in_shape))
        else:
            axis = self.axis % len(self.in_shape)
            n = self.in_shape[axis]
        reps = self.repeats
        if len(reps) == 1:
            shape = gy.shape[:axis] + (n, reps[0]) + gy.shape[axis + 1:]
            gx = gy.reshape(shape).sum(axis=axis + 1, dtype=numpy.float32
                                       if gy.dtype == numpy.float16 else None)
        else:
            group = xp.asarray(numpy.repeat(numpy.arange(n), reps))
            gx = xp.zeros(gy.shape[:axis] + (n,) + gy.shape[axis + 1:], gy.dtype)
            moved = xp.moveaxis(gx, axis, 0)
            src = xp.moveaxis(gy, axis, 0)
            add_at(moved, group, src)
        return gx.astype(gy.dtype, copy=False).reshape(self.in_shape),

    def backward(self, indexes, grad_outputs):
        return Repeat(self.repeats, self.axis).apply(grad_outputs)


def repeat(x, repeats, axis=None):
    """Repeat the elements of ``x``, like :func:`numpy.repeat`.

    Parameters
    ----------
    x : Variable or array
        The input.
    repeats : int or tuple of ints
        How many times each element repeats: one count for all, or one per element along
        ``axis`` (all non-negative; bools count as 0 and 1, as in NumPy).
    axis : int or None
        The axis to repeat along; None repeats the flattened input.

    Returns
    -------
    Variable
        Along ``axis`` (or flattened) of length ``sum(repeats)`` (or ``n * repeats``), dtype
        of ``x``.
    """
    return Repeat(repeats, axis).apply((x,))[0]
