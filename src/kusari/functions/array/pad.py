"""pad: NumPy's pad, differentiable to every order for the copying modes.

``'constant'`` pads with values that do not depend on ``x``: the gradient is a slice of
``gy``. ``'edge'``, ``'reflect'``, ``'symmetric'`` and ``'wrap'`` copy elements of ``x``: the
output is a gather of ``x`` by an index map (``numpy.pad`` applied to the element indices) and
the gradient the matching scatter-add. The statistic modes (``'mean'``, ``'maximum'``, ...)
compute forward only (as does ``reflect_type='odd'``); their backward raises.
"""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check

_COPY_MODES = ('edge', 'reflect', 'symmetric', 'wrap')


def _pad_widths(pad_width, ndim):
    """``pad_width`` as NumPy accepts it, expanded to ``ndim`` pairs of ints."""
    return [tuple(int(v) for v in p) for p in numpy.broadcast_to(
        numpy.asarray(pad_width, dtype=numpy.int64), (ndim, 2))]


class Pad(FunctionNode):
    """``numpy.pad(x, pad_width, mode, **keywords)``."""

    def __init__(self, pad_width, mode, **keywords):
        self.pad_width = pad_width
        self.mode = mode
        self.keywords = keywords

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        self._x_shape = x.shape
        self._widths = _pad_widths(self.pad_width, x.ndim)
        self._copying = (self.mode in _COPY_MODES
                         and self.keywords.get('reflect_type', 'even') == 'even')
        if self._copying:
            self._index = numpy.pad(numpy.arange(x.size).reshape(x.shape), self._widths,
                                    mode=self.mode, **self.keywords)
        return xp.pad(x, self.pad_width, mode=self.mode, **self.keywords),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.get_item import get_item
        from kusari.functions.array.reshape import reshape
        gy, = grad_outputs
        if self.mode == 'constant':
            slices = tuple(slice(lo, lo + n) for (lo, _), n in zip(self._widths, self._x_shape))
            return get_item(gy, slices),
        if self._copying:
            return _PadAdjoint(self._index, self._x_shape).apply((reshape(gy, (-1,)),))[0],
        raise NotImplementedError(
            'pad: the gradient of mode {!r} is not implemented (use constant, edge, reflect, '
            'symmetric or wrap, with reflect_type even)'.format(self.mode))


class _PadAdjoint(FunctionNode):
    """Scatter-add a flat ``gy`` into ``x.shape`` through the index map; backward gathers."""

    def __init__(self, index, x_shape):
        self._index = index
        self._x_shape = x_shape

    def forward(self, inputs):
        gy, = inputs
        xp = backend.get_array_module(gy)
        size = int(numpy.prod(self._x_shape))
        index = xp.asarray(self._index.ravel())
        if xp is numpy:
            gx = numpy.bincount(index, weights=gy, minlength=size).astype(gy.dtype, copy=False)
        else:
            gx = xp.zeros(size, gy.dtype)
            xp.add.at(gx, index, gy)
        return gx.reshape(self._x_shape),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.get_item import get_item
        from kusari.functions.array.reshape import reshape
        g = reshape(grad_outputs[0], (-1,))
        return get_item(g, g.xp.asarray(self._index.ravel())),


def pad(x, pad_width, mode, **keywords):
    """Pad ``x`` as :func:`numpy.pad` does.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.
    pad_width : int, pair or sequence of pairs
        Widths ``((before_1, after_1), ..., (before_N, after_N))``, or one pair or int for
        every axis.
    mode : str
        A NumPy pad mode. Gradients flow for ``'constant'``, ``'edge'``, ``'reflect'``,
        ``'symmetric'`` and ``'wrap'``.
    **keywords
        Passed to :func:`numpy.pad` (``constant_values``, ``reflect_type``, ...).

    Returns
    -------
    Variable
        The padded array, dtype of ``x``.
    """
    return Pad(pad_width, mode, **keywords).apply((x,))[0]
