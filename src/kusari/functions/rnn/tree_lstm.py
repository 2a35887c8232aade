"""tree_lstm: the Tree-LSTM cell with one forget gate per child.

The forward is fused on arrays; the backward recomputes the cell from the retained inputs
with differentiable functions, so every order of derivative works.
"""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


def _split(x, n):
    """The ``n`` gate blocks of ``x`` (``x.shape[1] == n * U``), as arrays."""
    r = x.reshape((len(x), n, x.shape[1] // n) + x.shape[2:])
    return [r[:, k] for k in range(n)]


def _sigmoid(x):
    half = x.dtype.type(0.5)
    return backend.get_array_module(x).tanh(x * half) * half + half


class TreeLSTM(FunctionNode):
    """``(c_1, ..., c_N, x) -> (c, h)``; ``x`` holds the blocks ``a, i, o, f_1 .. f_N``."""

    def _check_data_type_forward(self, in_data):
        label = self.label
        if len(in_data) < 2:
            type_check.fail(label, 'in_types.size() >= 2',
                            'in_types.size() == {}'.format(len(in_data)))
        cs, x = in_data[:-1], in_data[-1]
        n = len(cs)
        if x.ndim < 2:
            type_check.fail(label, 'x.ndim >= 2', 'x.ndim == {}'.format(x.ndim))
        for k, c in enumerate(cs):
            name = 'c{}'.format(k + 1)
            type_check.check_float(label, name, c)
            if c.dtype != x.dtype:
                type_check.fail(label, 'x.dtype == {}.dtype'.format(name),
                                '{} != {}'.format(x.dtype, c.dtype))
            if c.ndim != x.ndim:
                type_check.fail(label, '{}.ndim == x.ndim'.format(name),
                                '{} != {}'.format(c.ndim, x.ndim))
            if x.shape[0] != c.shape[0]:
                type_check.fail(label, 'x.shape[0] == {}.shape[0]'.format(name),
                                '{} != {}'.format(x.shape[0], c.shape[0]))
            if x.shape[1] != (3 + n) * c.shape[1]:
                type_check.fail(label, 'x.shape[1] == {} * {}.shape[1]'.format(3 + n, name),
                                '{} != {} * {}'.format(x.shape[1], 3 + n, c.shape[1]))
            for j in range(2, c.ndim):
                if x.shape[j] != c.shape[j]:
                    type_check.fail(label, 'x.shape[{0}] == {1}.shape[{0}]'.format(j, name),
                                    '{} != {}'.format(x.shape[j], c.shape[j]))

    def forward(self, inputs):
        self.retain_inputs(tuple(range(len(inputs))))
        cs, x = inputs[:-1], inputs[-1]
        xp = backend.get_array_module(x)
        a, i, o, *fs = _split(x, 3 + len(cs))
        c = xp.tanh(a) * _sigmoid(i)
        for f, cp in zip(fs, cs):
            c += _sigmoid(f) * cp
        h = _sigmoid(o) * xp.tanh(c)
        return c, h

    def backward(self, indexes, grad_outputs):
        import kusari.functions as F
        inputs = self.get_retained_inputs()
        cs, x = inputs[:-1], inputs[-1]
        n = len(cs)
        gc, gh = grad_outputs
        r = F.reshape(x, (len(x), 3 + n, x.shape[1] // (3 + n)) + x.shape[2:])
        a, i, o, *fs = [F.get_item(r, (slice(None), k)) for k in range(3 + n)]
        ta, si, so = F.tanh(a), F.sigmoid(i), F.sigmoid(o)
        sfs = [F.sigmoid(f) for f in fs]
        c = ta * si
        for sf, cp in zip(sfs, cs):
            c = c + sf * cp
        tc = F.tanh(c)
        g = gc
        if gh is not None:
            t = gh * so * (1 - tc * tc)
            g = t if g is None else g + t
        grads = [None] * (n + 1)
        for k in indexes:
            if k < n:
                grads[k] = None if g is None else g * sfs[k]
        if n in indexes:
            zero = backend.get_array_module(x.array).zeros(a.shape, x.dtype)
            blocks = []
            if g is None:
                blocks += [zero, zero]
            else:
                blocks += [g * si * (1 - ta * ta), g * ta * si * (1 - si)]
            blocks.append(zero if gh is None else gh * tc * so * (1 - so))
            for sf, cp in zip(sfs, cs):
                blocks.append(zero if g is None else g * cp * sf * (1 - sf))
            grads[n] = F.reshape(F.stack(blocks, axis=1), x.shape)
        return tuple([grads[k] for k in indexes])


def tree_lstm(*inputs):
    """Tree-LSTM cell of a node with ``N`` children (Tai et al. 2015; Bowman et al. 2016).

    ``x`` is split along axis 1 into ``3 + N`` consecutive blocks of ``U`` channels:
    ``a, i, o, f_1, ..., f_N``, and::

        c = tanh(a) sigmoid(i) + sum_k sigmoid(f_k) c_k
        h = sigmoid(o) tanh(c)

    Parameters
    ----------
    *inputs : Variable or array
        ``c_1, ..., c_N, x``: the children's cell states, each of shape ``(B, U, ...)``,
        then ``x`` of shape ``(B, (3 + N) U, ...)``; one float dtype.

    Returns
    -------
    tuple of Variable
        ``c`` and ``h``, each of shape ``(B, U, ...)``.

    Examples
    --------
    >>> import numpy, kusari.functions as F
    >>> c1 = c2 = numpy.zeros((4, 10), numpy.float32)
    >>> x = numpy.zeros((4, 50), numpy.float32)
    >>> c, h = F.tree_lstm(c1, c2, x)
    >>> c.shape, h.shape
    ((4, 10), (4, 10))
    """
    return TreeLSTM().apply(inputs)
