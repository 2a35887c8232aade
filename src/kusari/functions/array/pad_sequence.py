"""pad_sequence: stack variable-length sequences into one padded array (every order)."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


class PadSequence(FunctionNode):
    """``(L_i, ...)`` inputs to one ``(n, length, ...)`` output, filled with ``padding``."""

    def __init__(self, length, padding):
        self.length = length
        self.padding = padding

    def _check_data_type_forward(self, in_data):
        label = self.label
        if not in_data:
            type_check.fail(label, 'in_types.size() > 0', 'in_types.size() == 0')
        x0 = in_data[0]
        for i, x in enumerate(in_data):
            if x.ndim == 0:
                type_check.fail(label, 'x{}.ndim > 0'.format(i), 'x{}.ndim == 0'.format(i))
            if x.shape[1:] != x0.shape[1:]:
                type_check.fail(label, 'x{}.shape[1:] == x0.shape[1:]'.format(i),
                                '{} != {}'.format(x.shape[1:], x0.shape[1:]))
            if x.dtype != x0.dtype:
                type_check.fail(label, 'x{}.dtype == x0.dtype'.format(i),
                                '{} != {}'.format(x.dtype, x0.dtype))
            if self.length is not None and x.shape[0] > self.length:
                type_check.fail(label, 'x{}.shape[0] <= length'.format(i),
                                '{} > {}'.format(x.shape[0], self.length))

    def forward(self, xs):
        xp = backend.get_array_module(*xs)
        self._lengths = [len(x) for x in xs]
        length = max(self._lengths) if self.length is None else self.length
        # the padding is cast as C casts (-1 is 255 in uint8), as NumPy 1's full did for
        # Chainer; NumPy 2's full refuses an out-of-range Python int
        fill = numpy.asarray(self.padding).astype(xs[0].dtype)
        y = xp.full((len(xs), length) + xs[0].shape[1:], fill, xs[0].dtype)
        for i, x in enumerate(xs):
            y[i, :len(x)] = x
        return y,

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.get_item import get_item
        gy, = grad_outputs
        return tuple(get_item(gy, (i, slice(0, self._lengths[i]))) for i in indexes)


def pad_sequence(xs, length=None, padding=0):
    """Pad a list of sequences to one length and stack them.

    Parameters
    ----------
    xs : sequence of Variable or array
        Inputs of shapes ``(L_i, ...)`` (equal but for the first axis) and one dtype.
    length : int or None
        The padded length (at least every ``L_i``); None uses ``max(L_i)``.
    padding : scalar
        The value of the padded elements, cast to the inputs' dtype as C casts (``-1``
        pads a ``uint8`` input with 255).

    Returns
    -------
    Variable
        Shape ``(len(xs), length, ...)``; ``y[i, :L_i] == xs[i]`` and the rest is
        ``padding``.
    """
    return PadSequence(length, padding).apply(tuple(xs))[0]
