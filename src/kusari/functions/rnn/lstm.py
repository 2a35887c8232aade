"""lstm: the LSTM cell ``(c_prev, x) -> (c, h)``, and its gradient node ``LSTMGrad``.

Both nodes are fused on arrays. ``LSTMGrad`` takes the cell state ``c`` that the forward
pass produced as an input (as Chainer's does), so the graph of a gradient reaches ``LSTM``
again through it; ``LSTMGrad``'s own backward is written with differentiable functions
(:mod:`kusari.functions.rnn._gated`), so every order of derivative is exact.
"""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.rnn import _gated
from kusari.utils import type_check
from kusari.variable import Variable


def _gates(x):
    r = x.reshape((len(x), x.shape[1] // 4, 4) + x.shape[2:])
    return [r[:, :, i] for i in range(4)]


def _variable_gates(x):
    from kusari.functions.array.get_item import get_item
    from kusari.functions.array.reshape import reshape
    r = reshape(x, (len(x), x.shape[1] // 4, 4) + x.shape[2:])
    return [get_item(r, (slice(None), slice(None), k)) for k in range(4)]


def _zeros(shape, like):
    xp = backend.get_array_module(like.array)
    return Variable(xp.zeros(shape, like.dtype), requires_grad=False)


def _join_gates(gates, like):
    """``x``-shaped gradient from the four gate gradients (None: zeros)."""
    from kusari.functions.array.reshape import reshape
    from kusari.functions.array.stack import stack
    if all(g is None for g in gates):
        return None
    shape = (len(like), like.shape[1] // 4) + like.shape[2:]
    gates = [_zeros(shape, like) if g is None else g for g in gates]
    return reshape(stack(gates, axis=2), like.shape)


class LSTM(FunctionNode):
    """The LSTM cell: ``c = tanh(a) sigmoid(i) + sigmoid(f) c_prev``,
    ``h = sigmoid(o) tanh(c)`` with the gates interleaved in ``x``'s channel axis."""

    def _check_data_type_forward(self, in_data):
        label = self.label
        if len(in_data) != 2:
            type_check.fail(label, 'in_types.size() == 2',
                            'in_types.size() == {}'.format(len(in_data)))
        c, x = in_data
        type_check.check_float(label, 'c', c)
        if x.dtype != c.dtype:
            type_check.fail(label, 'x.dtype == c.dtype', '{} != {}'.format(x.dtype, c.dtype))
        if c.ndim < 2 or x.ndim < 2 or c.ndim != x.ndim:
            type_check.fail(label, 'c.ndim >= 2, x.ndim >= 2 and c.ndim == x.ndim',
                            'c.shape={}, x.shape={}'.format(c.shape, x.shape))
        if x.shape[0] > c.shape[0]:
            type_check.fail(label, 'x.shape[0] <= c.shape[0]',
                            '{} > {}'.format(x.shape[0], c.shape[0]))
        if x.shape[1] != 4 * c.shape[1]:
            type_check.fail(label, 'x.shape[1] == 4 * c.shape[1]',
                            '{} != 4 * {}'.format(x.shape[1], c.shape[1]))
        for i in range(2, c.ndim):
            if x.shape[i] != c.shape[i]:
                type_check.fail(label, 'x.shape[{0}] == c.shape[{0}]'.format(i),
                                '{} != {}'.format(x.shape[i], c.shape[i]))

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        self.retain_outputs((0,))
        c_prev, x = inputs
        xp = backend.get_array_module(x)
        a, i, f, o = _gates(x)
        batch = len(x)
        c_next = xp.empty_like(c_prev)
        c_next[:batch], h = _gated.forward(_gated.ArrayOps, [c_prev[:batch]], [a], [i], [f], o)
        c_next[batch:] = c_prev[batch:]
        return c_next, h

    def backward(self, indexes, grad_outputs):
        c_prev, x = self.get_retained_inputs()
        c_next, = self.get_retained_outputs()
        gc, gh = grad_outputs
        if gc is None:
            gc = _zeros(c_next.shape, c_next)
        if gh is None:
            gh = _zeros((len(x),) + c_prev.shape[1:], x)
        gc_prev, gx = LSTMGrad().apply((c_prev, x, c_next, gc, gh))
        return tuple([(gc_prev, gx)[i] for i in indexes])


class LSTMGrad(FunctionNode):
    """The gradients of :class:`LSTM`: ``(c_prev, x, c, gc, gh) -> (gc_prev, gx)``.

    ``c`` is the cell state ``LSTM`` returned, ``gc`` and ``gh`` the gradients of its two
    outputs (``gh`` has ``len(x)`` rows). Rows of ``c_prev`` beyond ``len(x)`` pass ``gc``
    through. Differentiable to every order with respect to all five inputs.

    Calling an instance, ``LSTMGrad()(c_prev, x, c, gc, gh)``, applies a fresh node and
    returns the tuple of output Variables (Chainer's ``LSTMGrad`` is a callable Function).
    """

    def __call__(self, *inputs):
        return type(self)().apply(inputs)

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2, 3, 4))
        c_prev, x, c, gc, gh = inputs
        xp = backend.get_array_module(x)
        batch = len(x)
        a, i, f, o = _gates(x)
        gx = xp.empty_like(x)
        ga, gi, gf, go = _gates(gx)
        gc_prev = xp.empty_like(c_prev)
        (gcp,), (ga[...],), (gi[...],), (gf[...],), go[...] = _gated.cell_grad(
            _gated.ArrayOps, [c_prev[:batch]], [a], [i], [f], o, c[:batch], gc[:batch], gh)
        gc_prev[:batch] = gcp
        gc_prev[batch:] = gc[batch:]
        return gc_prev, gx

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.concat import concat
        from kusari.functions.array.get_item import get_item
        c_prev, x, c, gc, gh = self.get_retained_inputs()
        ggc_prev, ggx = grad_outputs
        batch, n = len(x), len(c_prev)

        def rows(v):
            return v if v is None or batch == n else get_item(v, slice(0, batch))

        def pad(v):
            if v is None or batch == n:
                return v
            return concat([v, _zeros((n - batch,) + v.shape[1:], v)], axis=0)

        a, i, f, o = _variable_gates(x)
        Ga = Gi = Gf = Go = None
        if ggx is not None:
            Ga, Gi, Gf, Go = _variable_gates(ggx)
        r = _gated.cell_grad_grad([rows(c_prev)], [a], [i], [f], o, rows(c), rows(gc), gh,
                                  [rows(ggc_prev)], [Ga], [Gi], [Gf], Go)
        g_gc = r['gc']
        if batch < n:
            if g_gc is None:
                g_gc = _zeros((batch,) + c.shape[1:], c)
            rest = (_zeros((n - batch,) + c.shape[1:], c) if ggc_prev is None
                    else get_item(ggc_prev, slice(batch, None)))
            g_gc = concat([g_gc, rest], axis=0)
        grads = (pad(r['c_prev'][0]),
                 _join_gates([r['a'][0], r['i'][0], r['f'][0], r['o']], x),
                 pad(r['c']), g_gc, r['gh'])
        return tuple([grads[k] for k in indexes])


def lstm(c_prev, x):
    """Long short-term memory cell.

    With ``x`` split along its channel axis into four interleaved gates ``a, i, f, o``
    (channel ``4 k + j`` belongs to gate ``j``):
    ``c = tanh(a) * sigmoid(i) + sigmoid(f) * c_prev`` and ``h = sigmoid(o) * tanh(c)``.
    If ``x`` has fewer rows than ``c_prev``, only the first ``len(x)`` rows are updated and
    the others of ``c_prev`` are passed through to ``c``.

    Parameters
    ----------
    c_prev : Variable or array
        Previous cell state of shape ``(B, U, ...)``.
    x : Variable or array
        Gate pre-activations of shape ``(b, 4 U, ...)`` with ``b <= B``.

    Returns
    -------
    tuple of Variable
        ``c`` of shape ``(B, U, ...)`` and ``h`` of shape ``(b, U, ...)``.

    >>> import numpy, kusari.functions as F
    >>> c, h = F.lstm(numpy.zeros((2, 3), numpy.float32), numpy.zeros((2, 12), numpy.float32))
    >>> c.shape, h.shape
    ((2, 3), (2, 3))
    """
    return LSTM().apply((c_prev, x))
