"""lstm: the LSTM cell ``(c_prev, x) -> (c, h)``.

The forward is fused on arrays; the backward recomputes the gates from the retained inputs
with differentiable functions (sigmoid, tanh, products), so every order of derivative works.
"""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check
from kusari.variable import Variable


def _gates(x):
    r = x.reshape((len(x), x.shape[1] // 4, 4) + x.shape[2:])
    return [r[:, :, i] for i in range(4)]


def _sigmoid(x):
    half = x.dtype.type(0.5)
    return backend.get_array_module(x).tanh(x * half) * half + half


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
        c_prev, x = inputs
        xp = backend.get_array_module(x)
        a, i, f, o = _gates(x)
        batch = len(x)
        c_next = xp.empty_like(c_prev)
        c_next[:batch] = xp.tanh(a) * _sigmoid(i) + _sigmoid(f) * c_prev[:batch]
        h = _sigmoid(o) * xp.tanh(c_next[:batch])
        c_next[batch:] = c_prev[batch:]
        return c_next, h

    def backward(self, indexes, grad_outputs):
        from kusari.functions.activation.sigmoid import sigmoid
        from kusari.functions.activation.tanh import tanh
        from kusari.functions.array.concat import concat
        from kusari.functions.array.get_item import get_item
        from kusari.functions.array.reshape import reshape
        from kusari.functions.array.stack import stack
        c_prev, x = self.get_retained_inputs()
        gc, gh = grad_outputs
        batch = len(x)
        n_all = len(c_prev)
        r = reshape(x, (batch, x.shape[1] // 4, 4) + x.shape[2:])
        a_, i_, f_, o_ = [get_item(r, (slice(None), slice(None), k)) for k in range(4)]
        a, i, f, o = tanh(a_), sigmoid(i_), sigmoid(f_), sigmoid(o_)
        cp = c_prev if batch == n_all else get_item(c_prev, slice(0, batch))
        tc = tanh(a * i + f * cp)
        g = None
        if gc is not None:
            g = gc if batch == n_all else get_item(gc, slice(0, batch))
        if gh is not None:
            t = gh * o * (1.0 - tc * tc)
            g = t if g is None else g + t
        ret = []
        if 1 in indexes:
            ga = g * i * (1.0 - a * a)
            gi = g * a * i * (1.0 - i)
            gf = g * cp * f * (1.0 - f)
            if gh is None:
                go = Variable(backend.get_array_module(x.array).zeros_like(ga.array),
                              requires_grad=False)
            else:
                go = gh * tc * o * (1.0 - o)
            gx = reshape(stack([ga, gi, gf, go], axis=2), x.shape)
        if 0 in indexes:
            gcp = g * f
            if batch < n_all:
                if gc is None:
                    rest = Variable(numpy.zeros((n_all - batch,) + c_prev.shape[1:],
                                                c_prev.dtype), requires_grad=False)
                    rest.to_device(c_prev.device)
                else:
                    rest = get_item(gc, slice(batch, None))
                gcp = concat([gcp, rest], axis=0)
            ret.append(gcp)
        if 1 in indexes:
            ret.append(gx)
        return tuple(ret)


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
