"""n_step_lstm / n_step_bilstm: stacked (bidirectional) LSTMs over time-major batches.

A composition of ``linear`` and the ``lstm`` cell per step (see
:mod:`kusari.functions.rnn.n_step_rnn`), exact to every order.
"""
import kusari.functions as F
from kusari.functions.rnn.n_step_rnn import (
    _check_input_size,
    _check_kwargs,
    _ProjectedCell,
    n_step_rnn_impl,
)


def _stack_weight(ws):
    """Interleave ``[a, i, f, o]`` weights unit by unit, the layout ``F.lstm`` expects."""
    w = F.stack(ws, axis=1)
    return F.reshape(w, (w.shape[0] * w.shape[1],) + w.shape[2:])


def _lstm(x, h, c, w, b):
    """One step of the LSTM of layer weights ``w``, ``b`` (Chainer's cell signature)."""
    return _LSTMCell()(x, h, c, w, b)


class _LSTMCell(_ProjectedCell):
    """The weights stacked once per layer in ``F.lstm``'s gate order."""

    def prepare(self, w, b):
        return (_stack_weight([w[2], w[0], w[1], w[3]]), _stack_weight([b[2], b[0], b[1], b[3]]),
                _stack_weight([w[6], w[4], w[5], w[7]]), _stack_weight([b[6], b[4], b[5], b[7]]))

    def step(self, x, h, c, params):
        c_new, h_new = F.lstm(c, x + F.linear(h, params[2], params[3]))
        return h_new, c_new


def n_step_lstm_base(n_layers, dropout_ratio, hx, cx, ws, bs, xs, use_bi_direction, **kwargs):
    """The N-step LSTM of :func:`n_step_lstm` (``use_bi_direction=False``) and
    :func:`n_step_bilstm` (True); see there for the parameters.

    Raises
    ------
    ValueError
        For inputs whose size differs from the first weights', or the removed ``train`` /
        ``use_cudnn`` arguments.
    """
    _check_kwargs(kwargs)
    _check_input_size(xs, ws)
    return n_step_rnn_impl(_LSTMCell(), n_layers, dropout_ratio, hx, cx, ws, bs, xs,
                           use_bi_direction)


def n_step_lstm(n_layers, dropout_ratio, hx, cx, ws, bs, xs, **kwargs):
    """Stacked unidirectional LSTM over variable-length sequences.

    For each layer and step, with the previous output ``h`` and cell ``c``::

        i = sigmoid(W0 x + b0 + W4 h + b4)    f = sigmoid(W1 x + b1 + W5 h + b5)
        a = tanh(W2 x + b2 + W6 h + b6)       o = sigmoid(W3 x + b3 + W7 h + b7)
        c' = f c + i a                        h' = o tanh(c')

    The input of layer ``l > 0`` is the output of layer ``l - 1`` after dropout.

    Parameters
    ----------
    n_layers : int
        The number of layers ``S``.
    dropout_ratio : float
        Dropout ratio of the inputs of layers after the first (only in training mode).
    hx, cx : Variable or array
        Initial outputs and cell states, each of shape ``(S, B, N)``.
    ws : list of lists of Variables
        ``ws[l] = [W0, ..., W7]``: ``W0..W3`` of shape ``(N, I)`` for ``l == 0`` and
        ``(N, N)`` after, ``W4..W7`` of shape ``(N, N)``.
    bs : list of lists of Variables
        ``bs[l] = [b0, ..., b7]``, each of shape ``(N,)``.
    xs : list of Variables or arrays
        Time-major inputs ``xs[t]`` of shape ``(B_t, I)``, ``B_t`` non-increasing in ``t``
        (see :func:`~kusari.functions.transpose_sequence`).

    Returns
    -------
    tuple
        ``(hy, cy, ys)``: final outputs and cell states, each ``(S, B, N)``, and the tuple
        of outputs of the last layer, ``ys[t]`` of shape ``(B_t, N)``.
    """
    return n_step_lstm_base(n_layers, dropout_ratio, hx, cx, ws, bs, xs, False, **kwargs)


def n_step_bilstm(n_layers, dropout_ratio, hx, cx, ws, bs, xs, **kwargs):
    """Stacked bidirectional LSTM over variable-length sequences.

    As :func:`n_step_lstm`, with a forward and a backward LSTM per layer whose outputs are
    concatenated.

    Parameters
    ----------
    n_layers : int
        The number of layers ``S``.
    dropout_ratio : float
        Dropout ratio of the inputs of layers after the first (only in training mode).
    hx, cx : Variable or array
        Initial outputs and cell states, each ``(2 S, B, N)`` (index ``2 l + d``).
    ws : list of lists of Variables
        ``ws[2 l + d] = [W0, ..., W7]``: ``W0..W3`` of shape ``(N, I)`` for ``l == 0`` and
        ``(N, 2 N)`` after, ``W4..W7`` of shape ``(N, N)``.
    bs : list of lists of Variables
        ``bs[2 l + d] = [b0, ..., b7]``, each of shape ``(N,)``.
    xs : list of Variables or arrays
        Time-major inputs ``xs[t]`` of shape ``(B_t, I)``, ``B_t`` non-increasing.

    Returns
    -------
    tuple
        ``(hy, cy, ys)``: final outputs and cell states, each ``(2 S, B, N)``, and the
        outputs of the last layer, ``ys[t]`` of shape ``(B_t, 2 N)``.
    """
    return n_step_lstm_base(n_layers, dropout_ratio, hx, cx, ws, bs, xs, True, **kwargs)
