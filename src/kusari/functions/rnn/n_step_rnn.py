"""n_step_rnn / n_step_birnn: stacked (bidirectional) Elman RNNs over time-major batches.

The recurrences of this module and of ``n_step_lstm`` / ``n_step_gru`` are compositions of
differentiable functions (``linear``, ``lstm``, ``tanh``, ...) run step by step by
:func:`n_step_rnn_impl`, so every order of derivative is exact. The N-step links of
:mod:`kusari.links` call these functions.
"""
import numpy

import kusari.functions as F


def _check_kwargs(kwargs):
    for key, msg in (('train', "train argument is not supported anymore. "
                               "Use chainer.using_config"),
                     ('use_cudnn', "use_cudnn argument is not supported anymore. "
                                   "Use chainer.using_config")):
        if key in kwargs:
            raise ValueError(msg)
    if kwargs:
        raise TypeError('got unexpected keyword argument(s): {}'.format(
            ', '.join(sorted(kwargs))))


def _check_input_size(xs, ws):
    x_in = xs[0].shape[1]
    w_in = ws[0][0].shape[1]
    if x_in != w_in:
        raise ValueError('Inconsistent input size in input values and weight parameters: '
                         '{} != {}'.format(x_in, w_in))


class _Cell:
    """How one layer steps: ``prepare`` the weights once, ``project`` the inputs of every
    step at once, then ``step`` through time.

    The default wraps a Chainer-style cell ``f(x, h, c, w, b) -> (h, c)``.
    """

    def __init__(self, f=None):
        self.f = f

    def prepare(self, w, b):
        return w, b

    def project(self, xs, params):
        return xs

    def step(self, x, h, c, params):
        return self.f(x, h, c, *params)

    def __call__(self, x, h, c, w, b):
        """One step with the layer weights ``w``, ``b``: Chainer's cell signature."""
        params = self.prepare(w, b)
        return self.step(self.project([x], params)[0], h, c, params)


def _project_all(xs, w, b):
    """``linear(x, w, b)`` for every step in one matrix product, split back per step."""
    if len(xs) == 1:
        return [F.linear(xs[0], w, b)]
    sizes = numpy.cumsum([len(x) for x in xs[:-1]]).tolist()
    return list(F.split_axis(F.linear(F.concat(xs, axis=0), w, b), sizes, axis=0))


def _one_direction(cell, xs, h, c, w, b):
    """Run ``cell`` over the time steps ``xs`` (batches of non-increasing size)."""
    params = cell.prepare(w, b)
    hs = []
    for x in cell.project(xs, params):
        batch = len(x)
        split = len(h) > batch
        if split:
            h, h_rest = F.split_axis(h, [batch], axis=0)
            if c is not None:
                c, c_rest = F.split_axis(c, [batch], axis=0)
        h, c = cell.step(x, h, c, params)
        hs.append(h)
        if split:
            h = F.concat([h, h_rest], axis=0)
            if c is not None:
                c = F.concat([c, c_rest], axis=0)
    return h, c, hs


def n_step_rnn_impl(f, n_layers, dropout_ratio, hx, cx, ws, bs, xs, use_bi_direction):
    """The stacked recurrence shared by every N-step RNN function.

    Parameters
    ----------
    f : callable
        The cell ``f(x, h, c, w, b) -> (h_new, c_new)`` (``c`` is None without cells).
    n_layers : int
    dropout_ratio : float
        Dropout applied to the input of every layer but the first.
    hx : Variable
        Shape ``(n_layers * directions, B, N)``.
    cx : Variable or None
        The cell states, shaped like ``hx`` (None for cell-less RNNs).
    ws, bs : lists of lists of Variables
        Per layer and direction (``layer * directions + d``).
    xs : sequence of Variables
        Time-major inputs ``xs[t]`` of shape ``(B_t, I)``, ``B_t`` non-increasing.
    use_bi_direction : bool

    Returns
    -------
    tuple
        ``(hy, cy, ys)``: final states shaped like ``hx`` (``cy`` None without cells) and
        the tuple of per-step outputs of the last layer.
    """
    cell = f if isinstance(f, _Cell) else _Cell(f)
    directions = 2 if use_bi_direction else 1
    hx = F.separate(hx)
    cx = F.separate(cx) if cx is not None else [None] * len(hx)
    xs_next = list(xs)
    hy, cy = [], []
    for layer in range(n_layers):
        idx = directions * layer
        inputs = xs_next if layer == 0 else [F.dropout(x, ratio=dropout_ratio)
                                             for x in xs_next]
        h, c, h_forward = _one_direction(cell, inputs, hx[idx], cx[idx], ws[idx], bs[idx])
        hy.append(h)
        cy.append(c)
        if use_bi_direction:
            idx += 1
            if layer > 0:
                inputs = [F.dropout(x, ratio=dropout_ratio) for x in xs_next]
            h, c, h_backward = _one_direction(cell, inputs[::-1], hx[idx], cx[idx], ws[idx],
                                              bs[idx])
            h_backward.reverse()
            xs_next = [F.concat([hf, hb], axis=1) for hf, hb in zip(h_forward, h_backward)]
            hy.append(h)
            cy.append(c)
        else:
            xs_next = h_forward
    cy = F.stack(cy) if cx[0] is not None else None
    return F.stack(hy), cy, tuple(xs_next)


class _ProjectedCell(_Cell):
    """A cell whose ``prepare`` gives ``(w_x, b_x, w_h, b_h)``: the input projection
    ``linear(x, w_x, b_x)`` of every step in one product, ``w_h``, ``b_h`` for the state."""

    def project(self, xs, params):
        return _project_all(xs, params[0], params[1])


class _RNNCell(_ProjectedCell):
    """``h' = act(W0 x + b0 + W1 h + b1)``."""

    def __init__(self, activation):
        super().__init__()
        self.act = F.tanh if activation == 'tanh' else F.relu

    def prepare(self, w, b):
        return w[0], b[0], w[1], b[1]

    def step(self, x, h, c, params):
        return self.act(x + F.linear(h, params[2], params[3])), None


def n_step_rnn_base(n_layers, dropout_ratio, hx, ws, bs, xs, activation, use_bi_direction,
                    **kwargs):
    """The N-step RNN of :func:`n_step_rnn` (``use_bi_direction=False``) and
    :func:`n_step_birnn` (True); see there for the parameters.

    Raises
    ------
    ValueError
        For an unknown ``activation``, inputs whose size differs from the first weights',
        or the removed ``train`` / ``use_cudnn`` arguments.
    """
    _check_kwargs(kwargs)
    if activation not in ('tanh', 'relu'):
        raise ValueError('Invalid activation: "{}". Please select from [tanh,relu]'.format(
            activation))
    _check_input_size(xs, ws)
    hy, _, ys = n_step_rnn_impl(_RNNCell(activation), n_layers, dropout_ratio, hx, None, ws,
                                bs, xs, use_bi_direction)
    return hy, ys


def n_step_rnn(n_layers, dropout_ratio, hx, ws, bs, xs, activation='tanh', **kwargs):
    """Stacked unidirectional RNN over variable-length sequences.

    For each layer ``l`` and step ``t``,
    ``h_t = act(W0 x_t + b0 + W1 h_{t-1} + b1)``, with ``act`` ``tanh`` or ``relu``; the
    input of layer ``l > 0`` is the output of layer ``l - 1`` after dropout.

    Parameters
    ----------
    n_layers : int
        The number of layers ``S``.
    dropout_ratio : float
        Dropout ratio of the inputs of layers after the first (only in training mode).
    hx : Variable or array
        Initial states, shape ``(S, B, N)``.
    ws : list of lists of Variables
        ``ws[l] = [W0, W1]``: ``W0`` of shape ``(N, I)`` for ``l == 0`` and ``(N, N)``
        after, ``W1`` of shape ``(N, N)``.
    bs : list of lists of Variables
        ``bs[l] = [b0, b1]``, each of shape ``(N,)``.
    xs : list of Variables or arrays
        Time-major inputs: ``xs[t]`` of shape ``(B_t, I)`` with ``B_t`` non-increasing in
        ``t`` (sort the sequences by decreasing length and transpose them with
        :func:`~kusari.functions.transpose_sequence`).
    activation : str
        ``'tanh'`` or ``'relu'``.

    Returns
    -------
    tuple
        ``(hy, ys)``: the final states, shape ``(S, B, N)``, and the tuple of outputs of the
        last layer, ``ys[t]`` of shape ``(B_t, N)``.
    """
    return n_step_rnn_base(n_layers, dropout_ratio, hx, ws, bs, xs, activation, False,
                           **kwargs)


def n_step_birnn(n_layers, dropout_ratio, hx, ws, bs, xs, activation='tanh', **kwargs):
    """Stacked bidirectional RNN over variable-length sequences.

    As :func:`n_step_rnn`, with a forward and a backward RNN per layer whose outputs are
    concatenated: ``h_t = [h^f_t; h^b_t]``.

    Parameters
    ----------
    n_layers : int
        The number of layers ``S``.
    dropout_ratio : float
        Dropout ratio of the inputs of layers after the first (only in training mode).
    hx : Variable or array
        Initial states, shape ``(2 S, B, N)`` (index ``2 l + d``, ``d = 0`` forward).
    ws : list of lists of Variables
        ``ws[2 l + d] = [W0, W1]``: ``W0`` of shape ``(N, I)`` for ``l == 0`` and
        ``(N, 2 N)`` after, ``W1`` of shape ``(N, N)``.
    bs : list of lists of Variables
        ``bs[2 l + d] = [b0, b1]``, each of shape ``(N,)``.
    xs : list of Variables or arrays
        Time-major inputs ``xs[t]`` of shape ``(B_t, I)``, ``B_t`` non-increasing.
    activation : str
        ``'tanh'`` or ``'relu'``.

    Returns
    -------
    tuple
        ``(hy, ys)``: final states, shape ``(2 S, B, N)``, and the outputs of the last
        layer, ``ys[t]`` of shape ``(B_t, 2 N)``.
    """
    return n_step_rnn_base(n_layers, dropout_ratio, hx, ws, bs, xs, activation, True,
                           **kwargs)
