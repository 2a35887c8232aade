"""Tree-LSTM links: ``ChildSumTreeLSTM`` and ``NaryTreeLSTM`` (Tai et al., 2015).

Both compute the gates of a node from its input ``x`` and its children's ``(c, h)`` and call
:func:`kusari.functions.tree_lstm`; a missing child (None) counts as zeros.
"""
import kusari.functions as F
from kusari import link
from kusari.links.connection.linear import Linear


def _fill_x(link_, cs, hs, x):
    """``x``, or zeros of shape ``(B, in_size)`` when it is None."""
    if x is not None:
        return x
    base = next((v for v in list(cs) + list(hs) if v is not None), None)
    if base is None:
        raise ValueError('All inputs (cs, hs, x) are None.')
    return link_.xp.zeros((base.shape[0], link_.in_size), dtype=base.dtype)


def _pad_zero_nodes(xp, vs, shape, dtype):
    if any(v is None for v in vs):
        zero = xp.zeros(shape, dtype=dtype)
        return tuple(zero if v is None else v for v in vs)
    return tuple(vs)


class ChildSumTreeLSTM(link.Chain):
    """Child-Sum Tree-LSTM: any number of children, whose outputs are summed for the
    ``a, i, o`` gates, one forget gate per child.

    ``forward(c_1, ..., c_N, h_1, ..., h_N, x)`` with ``c_k, h_k`` of shape
    ``(B, out_size)`` (None: zeros) and ``x`` of shape ``(B, in_size)`` (None: zeros)
    returns ``(c, h)``, each ``(B, out_size)``. Without children (``forward(x)``) the cell
    is ``c = sigmoid(i) tanh(a)``, ``h = sigmoid(o) tanh(c)``.

    Parameters
    ----------
    in_size : int
        The input size.
    out_size : int
        The state size.

    Attributes
    ----------
    W_x : Linear
        ``in_size -> 4 out_size`` (the ``a, i, o`` and forget pre-activations of ``x``).
    W_h_aio : Linear
        ``out_size -> 3 out_size`` without bias, applied to the sum of the children's ``h``.
    W_h_f : Linear
        ``out_size -> out_size`` without bias, applied to each child's ``h``.
    """

    def __init__(self, in_size, out_size):
        super().__init__()
        with self.init_scope():
            self.W_x = Linear(in_size, 4 * out_size)
            self.W_h_aio = Linear(out_size, 3 * out_size, nobias=True)
            self.W_h_f = Linear(out_size, out_size, nobias=True)
        self.in_size = in_size
        self.state_size = out_size

    def forward(self, *cshsx):
        """One node; see the class docstring.

        Raises
        ------
        ValueError
            If the number of arguments is even, or everything is None.
        """
        if len(cshsx) % 2 != 1:
            raise ValueError('ChildSumTreeLSTM takes c_1..c_N, h_1..h_N and x (an odd number '
                             'of arguments), got {}'.format(len(cshsx)))
        n = len(cshsx) // 2
        cs, hs, x = cshsx[:n], cshsx[n:-1], cshsx[-1]
        x = _fill_x(self, cs, hs, x)
        size = self.state_size
        aio_x, f_x = F.split_axis(self.W_x(x), [3 * size], axis=1)
        if n == 0:
            a, i, o = F.split_axis(aio_x, 3, axis=1)
            c = F.sigmoid(i) * F.tanh(a)
            return c, F.sigmoid(o) * F.tanh(c)
        shape = (x.shape[0], size)
        hs = _pad_zero_nodes(self.xp, hs, shape, x.dtype)
        cs = _pad_zero_nodes(self.xp, cs, shape, x.dtype)
        aio = self.W_h_aio(sum(hs[1:], hs[0]) if n > 1 else hs[0]) + aio_x
        # every child's forget pre-activation in one product, side by side: (B, n * size)
        f_h = F.reshape(F.swapaxes(F.reshape(self.W_h_f(F.concat(hs, axis=0)),
                                             (n, x.shape[0], size)), 0, 1),
                        (x.shape[0], n * size))
        f = f_h + F.tile(f_x, (1, n))
        return F.tree_lstm(*(cs + (F.concat([aio, f], axis=1),)))


class NaryTreeLSTM(link.Chain):
    """N-ary Tree-LSTM: a fixed number of ordered children, each with its own weights.

    ``forward(c_1, ..., c_N, h_1, ..., h_N, x)`` with ``c_k, h_k`` of shape
    ``(B, out_size)`` (None: zeros, ``h_k`` None adds nothing) and ``x`` of shape
    ``(B, in_size)`` (None: zeros) returns ``(c, h)``, each ``(B, out_size)``.

    Parameters
    ----------
    in_size : int
        The input size.
    out_size : int
        The state size.
    n_ary : int
        The number of children ``N`` (at least 1).

    Attributes
    ----------
    W_x : Linear
        ``in_size -> (3 + N) out_size``.
    W_h1, ..., W_hN : Linear
        ``out_size -> (3 + N) out_size`` without bias, one per child.

    Raises
    ------
    ValueError
        If ``n_ary < 1``.
    """

    def __init__(self, in_size, out_size, n_ary=2):
        if n_ary < 1:
            raise ValueError('n_ary must be at least 1, got {}'.format(n_ary))
        super().__init__()
        with self.init_scope():
            self.W_x = Linear(in_size, (3 + n_ary) * out_size)
            for i in range(1, n_ary + 1):
                setattr(self, 'W_h{}'.format(i),
                        Linear(out_size, (3 + n_ary) * out_size, nobias=True))
        self.in_size = in_size
        self.state_size = out_size
        self.n_ary = n_ary

    def forward(self, *cshsx):
        """One node; see the class docstring.

        Raises
        ------
        ValueError
            If the number of arguments is not ``2 N + 1``, or everything is None.
        """
        if len(cshsx) != 2 * self.n_ary + 1:
            raise ValueError('NaryTreeLSTM with n_ary={} takes {} arguments (c_1..c_N, '
                             'h_1..h_N, x), got {}'.format(self.n_ary, 2 * self.n_ary + 1,
                                                           len(cshsx)))
        cs, hs, x = cshsx[:self.n_ary], cshsx[self.n_ary:-1], cshsx[-1]
        x = _fill_x(self, cs, hs, x)
        gates = self.W_x(x)
        for i, h in enumerate(hs, start=1):
            if h is not None:
                gates += getattr(self, 'W_h{}'.format(i))(h)
        cs = _pad_zero_nodes(self.xp, cs, (x.shape[0], self.state_size), x.dtype)
        return F.tree_lstm(*(cs + (gates,)))
