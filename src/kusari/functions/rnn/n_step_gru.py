"""n_step_gru / n_step_bigru: stacked (bidirectional) GRUs over time-major batches.

A composition of differentiable functions per step (see
:mod:`kusari.functions.rnn.n_step_rnn`), exact to every order.
"""
import kusari.functions as F
from kusari.functions.rnn.n_step_rnn import (
    _check_input_size,
    _check_kwargs,
    _ProjectedCell,
    n_step_rnn_impl,
)


def _gru(x, h, c, w, b):
    """One step of the GRU of layer weights ``w``, ``b`` (Chainer's cell signature)."""
    return _GRUCell()(x, h, c, w, b)


class _GRUCell(_ProjectedCell):
    """The three input and the three state weights concatenated once per layer."""

    def prepare(self, w, b):
        return (F.concat(w[:3], axis=0), F.concat(b[:3], axis=0),
                F.concat(w[3:6], axis=0), F.concat(b[3:6], axis=0))

    def step(self, x, h, c, params):
        rx, zx, hx_ = F.split_axis(x, 3, axis=1)
        rh, zh, hh = F.split_axis(F.linear(h, params[2], params[3]), 3, axis=1)
        r = F.sigmoid(rx + rh)
        z = F.sigmoid(zx + zh)
        h_bar = F.tanh(hx_ + r * hh)
        return F.linear_interpolate(z, h, h_bar), None


def n_step_gru_base(n_layers, dropout_ratio, hx, ws, bs, xs, use_bi_direction, **kwargs):
    """The N-step GRU of :func:`n_step_gru` (``use_bi_direction=False``) and
    :func:`n_step_bigru` (True); see there for the parameters.

    Raises
    ------
    ValueError
        For inputs whose size differs from the first weights', or the removed ``train`` /
        ``use_cudnn`` arguments.
    """
    _check_kwargs(kwargs)
    _check_input_size(xs, ws)
    hy, _, ys = n_step_rnn_impl(_GRUCell(), n_layers, dropout_ratio, hx, None, ws, bs, xs,
                                use_bi_direction)
    return hy, ys


def n_step_gru(n_layers, dropout_ratio, hx, ws, bs, xs, **kwargs):
    """Stacked unidirectional GRU over variable-length sequences.

    For each layer and step, with the previous output ``h``::

        r = sigmoid(W0 x + b0 + W3 h + b3)
        z = sigmoid(W1 x + b1 + W4 h + b4)
        h_bar = tanh(W2 x + b2 + r (W5 h + b5))
        h' = (1 - z) h_bar + z h

    The input of layer ``l > 0`` is the output of layer ``l - 1`` after dropout.

    Parameters
    ----------
    n_layers : int
        The number of layers ``S``.
    dropout_ratio : float
        Dropout ratio of the inputs of layers after the first (only in training mode).
    hx : Variable or array
        Initial states, shape ``(S, B, N)``.
    ws : list of lists of Variables
        ``ws[l] = [W0, ..., W5]``: ``W0..W2`` of shape ``(N, I)`` for ``l == 0`` and
        ``(N, N)`` after, ``W3..W5`` of shape ``(N, N)``.
    bs : list of lists of Variables
        ``bs[l] = [b0, ..., b5]``, each of shape ``(N,)``.
    xs : list of Variables or arrays
        Time-major inputs ``xs[t]`` of shape ``(B_t, I)``, ``B_t`` non-increasing in ``t``.

    Returns
    -------
    tuple
        ``(hy, ys)``: final states ``(S, B, N)`` and the outputs of the last layer,
        ``ys[t]`` of shape ``(B_t, N)``.
    """
    return n_step_gru_base(n_layers, dropout_ratio, hx, ws, bs, xs, False, **kwargs)


def n_step_bigru(n_layers, dropout_ratio, hx, ws, bs, xs, **kwargs):
    """Stacked bidirectional GRU over variable-length sequences.

    As :func:`n_step_gru`, with a forward and a backward GRU per layer whose outputs are
    concatenated.

    Parameters
    ----------
    n_layers : int
        The number of layers ``S``.
    dropout_ratio : float
        Dropout ratio of the inputs of layers after the first (only in training mode).
    hx : Variable or array
        Initial states, shape ``(2 S, B, N)`` (index ``2 l + d``).
    ws : list of lists of Variables
        ``ws[2 l + d] = [W0, ..., W5]``: ``W0..W2`` of shape ``(N, I)`` for ``l == 0`` and
        ``(N, 2 N)`` after, ``W3..W5`` of shape ``(N, N)``.
    bs : list of lists of Variables
        ``bs[2 l + d] = [b0, ..., b5]``, each of shape ``(N,)``.
    xs : list of Variables or arrays
        Time-major inputs ``xs[t]`` of shape ``(B_t, I)``, ``B_t`` non-increasing.

    Returns
    -------
    tuple
        ``(hy, ys)``: final states ``(2 S, B, N)`` and the outputs of the last layer,
        ``ys[t]`` of shape ``(B_t, 2 N)``.
    """
    return n_step_gru_base(n_layers, dropout_ratio, hx, ws, bs, xs, True, **kwargs)
