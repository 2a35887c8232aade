"""transpose_sequence: batch-major sequences to time-major ones (and back)."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


class TransposeSequence(FunctionNode):
    """``ys[t] = stack([x[t] for x in xs if len(x) > t])`` for ``t < length``."""

    def __init__(self, length):
        self._length = length

    def _check_data_type_forward(self, in_data):
        for i, (p, n) in enumerate(zip(in_data, in_data[1:])):
            if p.ndim == 0 or n.ndim == 0:
                type_check.fail(self.label, 'xs[i].ndim > 0', '0-d input')
            if p.shape[0] < n.shape[0]:
                type_check.fail(self.label, 'xs[{0}].shape[0] >= xs[{1}].shape[0]'.format(
                    i, i + 1), '{} < {}'.format(p.shape[0], n.shape[0]))
            if p.shape[1:] != n.shape[1:]:
                type_check.fail(self.label, 'xs[{0}].shape[1:] == xs[{1}].shape[1:]'.format(
                    i, i + 1), '{} != {}'.format(p.shape[1:], n.shape[1:]))
            if p.dtype != n.dtype:
                type_check.fail(self.label, 'xs[{0}].dtype == xs[{1}].dtype'.format(i, i + 1),
                                '{} != {}'.format(p.dtype, n.dtype))

    def forward(self, xs):
        xp = backend.get_array_module(*xs)
        self._shapes = [x.shape for x in xs]
        self._dtype = xs[0].dtype
        outs = []
        for t in range(self._length):
            rows = [x[t] for x in xs if len(x) > t]
            outs.append(xp.stack(rows) if rows else
                        xp.empty((0,) + xs[0].shape[1:], xs[0].dtype))
        return tuple(outs)

    def backward(self, indexes, grad_outputs):
        xp = None
        gys = []
        for t, g in enumerate(grad_outputs):
            if g is None:
                if xp is None:
                    g0 = next(v for v in grad_outputs if v is not None)
                    xp = backend.get_array_module(g0.array)
                n = sum(1 for s in self._shapes if s[0] > t)
                g = xp.zeros((n,) + self._shapes[0][1:], self._dtype)
            gys.append(g)
        gxs = TransposeSequence(len(self._shapes)).apply(tuple(gys))
        return tuple(gxs[i] for i in indexes)


def transpose_sequence(xs):
    """Transpose a list of sequences sorted by decreasing length.

    Turns a batch of sequences (``xs[b]`` of shape ``(L_b, ...)``) into a sequence of
    batches (``ys[t]`` of shape ``(B_t, ...)``, the ``t``-th elements of the ``B_t``
    sequences longer than ``t``); applied twice it gives the input back.

    Parameters
    ----------
    xs : sequence of Variable or array
        Inputs with non-increasing ``shape[0]``, equal ``shape[1:]`` and one dtype.

    Returns
    -------
    tuple of Variable
        ``len(xs[0])`` variables; empty for an empty ``xs``.
    """
    xs = tuple(xs)
    if not xs:
        return ()
    return TransposeSequence(len(xs[0])).apply(xs)
