"""slstm: the S-LSTM cell of binary trees, ``(c_prev1, c_prev2, x1, x2) -> (c, h)``.

As :mod:`kusari.functions.rnn.lstm`: both nodes are fused on arrays; ``SLSTMGrad`` takes the
cell state ``c`` as an input and its backward is written with differentiable functions
(:mod:`kusari.functions.rnn._gated`), so every order of derivative is exact.
"""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.rnn import _gated
from kusari.functions.rnn.lstm import _gates, _join_gates, _variable_gates, _zeros
from kusari.utils import type_check


class SLSTM(FunctionNode):
    """The S-LSTM cell: ``c = sum_k tanh(a_k) sigmoid(i_k) + sigmoid(f_k) c_prev_k``,
    ``h = sigmoid(o_1 + o_2) tanh(c)``, gates interleaved in the channels of ``x_k``."""

    def _check_data_type_forward(self, in_data):
        label = self.label
        if len(in_data) != 4:
            type_check.fail(label, 'in_types.size() == 4',
                            'in_types.size() == {}'.format(len(in_data)))
        c1, c2, x1, x2 = in_data
        names = ('c_prev1', 'c_prev2', 'x1', 'x2')
        type_check.check_float(label, 'c_prev1', c1)
        type_check.check_same_dtype(label, names, in_data)
        if min(a.ndim for a in in_data) < 2 or len({a.ndim for a in in_data}) != 1:
            type_check.fail(label, 'c_prev1, c_prev2, x1 and x2 have the same ndim >= 2',
                            ', '.join('{}.shape={}'.format(n, a.shape)
                                      for n, a in zip(names, in_data)))
        for n, a in zip(names[1:], in_data[1:]):
            if a.shape[0] != c1.shape[0]:
                type_check.fail(label, 'c_prev1.shape[0] == {}.shape[0]'.format(n),
                                '{} != {}'.format(c1.shape[0], a.shape[0]))
        for n, x, c in (('1', x1, c1), ('2', x2, c2)):
            if x.shape[1] != 4 * c.shape[1]:
                type_check.fail(label, 'x{0}.shape[1] == 4 * c_prev{0}.shape[1]'.format(n),
                                '{} != 4 * {}'.format(x.shape[1], c.shape[1]))
        for i in range(2, c1.ndim):
            if not x1.shape[i] == c1.shape[i] == x2.shape[i] == c2.shape[i]:
                type_check.fail(label, 'x1, c_prev1, x2 and c_prev2 agree in axis {}'.format(i),
                                ', '.join('{}.shape={}'.format(n, a.shape)
                                          for n, a in zip(names, in_data)))

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2, 3))
        self.retain_outputs((0,))
        c1, c2, x1, x2 = inputs
        a1, i1, f1, o1 = _gates(x1)
        a2, i2, f2, o2 = _gates(x2)
        return _gated.forward(_gated.ArrayOps, [c1, c2], [a1, a2], [i1, i2], [f1, f2], o1 + o2)

    def backward(self, indexes, grad_outputs):
        c1, c2, x1, x2 = self.get_retained_inputs()
        c, = self.get_retained_outputs()
        gc, gh = grad_outputs
        if gc is None:
            gc = _zeros(c.shape, c)
        if gh is None:
            gh = _zeros(c.shape, c)
        grads = SLSTMGrad().apply((c1, c2, x1, x2, c, gc, gh))
        return tuple([grads[i] for i in indexes])


class SLSTMGrad(FunctionNode):
    """The gradients of :class:`SLSTM`:
    ``(c_prev1, c_prev2, x1, x2, c, gc, gh) -> (gc_prev1, gc_prev2, gx1, gx2)``.

    ``c`` is the cell state ``SLSTM`` returned, ``gc`` and ``gh`` the gradients of its
    outputs. Differentiable to every order with respect to all seven inputs. Calling an
    instance applies a fresh node (Chainer's ``SLSTMGrad`` is a callable Function).
    """

    def __call__(self, *inputs):
        return type(self)().apply(inputs)

    def forward(self, inputs):
        self.retain_inputs(tuple(range(7)))
        c1, c2, x1, x2, c, gc, gh = inputs
        xp = backend.get_array_module(x1)
        a1, i1, f1, o1 = _gates(x1)
        a2, i2, f2, o2 = _gates(x2)
        gx1 = xp.empty_like(x1)
        gx2 = xp.empty_like(x2)
        g1 = _gates(gx1)
        g2 = _gates(gx2)
        gcps, gas, gis, gfs, go = _gated.cell_grad(
            _gated.ArrayOps, [c1, c2], [a1, a2], [i1, i2], [f1, f2], o1 + o2, c, gc, gh)
        for k, g in enumerate((g1, g2)):
            g[0][...] = gas[k]
            g[1][...] = gis[k]
            g[2][...] = gfs[k]
            g[3][...] = go
        return gcps[0], gcps[1], gx1, gx2

    def backward(self, indexes, grad_outputs):
        c1, c2, x1, x2, c, gc, gh = self.get_retained_inputs()
        ggc1, ggc2, ggx1, ggx2 = grad_outputs
        a1, i1, f1, o1 = _variable_gates(x1)
        a2, i2, f2, o2 = _variable_gates(x2)
        G1 = _variable_gates(ggx1) if ggx1 is not None else [None] * 4
        G2 = _variable_gates(ggx2) if ggx2 is not None else [None] * 4
        Go = G1[3] if G2[3] is None else (G2[3] if G1[3] is None else G1[3] + G2[3])
        r = _gated.cell_grad_grad([c1, c2], [a1, a2], [i1, i2], [f1, f2], o1 + o2, c, gc, gh,
                                  [ggc1, ggc2], [G1[0], G2[0]], [G1[1], G2[1]],
                                  [G1[2], G2[2]], Go)
        grads = (r['c_prev'][0], r['c_prev'][1],
                 _join_gates([r['a'][0], r['i'][0], r['f'][0], r['o']], x1),
                 _join_gates([r['a'][1], r['i'][1], r['f'][1], r['o']], x2),
                 r['c'], r['gc'], r['gh'])
        return tuple([grads[k] for k in indexes])


def slstm(c_prev1, c_prev2, x1, x2):
    """S-LSTM cell of a binary tree node, from the states and inputs of its two children.

    Each ``x_k`` is split along its channel axis into four interleaved gates
    ``a_k, i_k, f_k, o_k`` (channel ``4 u + j`` belongs to gate ``j``), and::

        c = tanh(a_1) sigmoid(i_1) + tanh(a_2) sigmoid(i_2)
            + sigmoid(f_1) c_prev1 + sigmoid(f_2) c_prev2
        h = sigmoid(o_1 + o_2) tanh(c)

    (Zhu, Sobhani and Guo, *Long Short-Term Memory Over Recursive Structures*, ICML 2015.)

    Parameters
    ----------
    c_prev1, c_prev2 : Variable or array
        The children's cell states, shape ``(B, U, ...)``, one float dtype.
    x1, x2 : Variable or array
        The gate pre-activations from each child, shape ``(B, 4 U, ...)``.

    Returns
    -------
    tuple of Variable
        ``c`` and ``h``, each of shape ``(B, U, ...)``.

    Examples
    --------
    >>> import numpy, kusari.functions as F
    >>> c1 = c2 = numpy.zeros((2, 3), numpy.float32)
    >>> x1 = x2 = numpy.zeros((2, 12), numpy.float32)
    >>> c, h = F.slstm(c1, c2, x1, x2)
    >>> c.shape, h.shape
    ((2, 3), (2, 3))
    """
    return SLSTM().apply((c_prev1, c_prev2, x1, x2))
