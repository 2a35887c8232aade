"""N-step LSTM links: ``NStepLSTM`` and ``NStepBiLSTM``.

Per layer and direction, with weights ``w0..w7`` and biases ``b0..b7``::

    i = sigmoid(W0 x + b0 + W4 h + b4)     f = sigmoid(W1 x + b1 + W5 h + b5)
    a = tanh(W2 x + b2 + W6 h + b6)        o = sigmoid(W3 x + b3 + W7 h + b7)
    c' = f * c + i * a                     h' = o * tanh(c')
"""
import kusari.functions as F
from kusari.links.rnn.n_step_rnn import NStepRNNBase


def _interleave(ws):
    """Stack ``[a, i, f, o]`` weights unit by unit, the layout ``F.lstm`` expects."""
    return F.reshape(F.stack(ws, axis=1), (-1,) + ws[0].shape[1:])


def _lstm_cell(x, h, c, w, b):
    xw = _interleave([w[2], w[0], w[1], w[3]])
    hw = _interleave([w[6], w[4], w[5], w[7]])
    xb = _interleave([b[2], b[0], b[1], b[3]])
    hb = _interleave([b[6], b[4], b[5], b[7]])
    c_new, h_new = F.lstm(c, F.linear(x, xw, xb) + F.linear(h, hw, hb))
    return h_new, c_new


class NStepLSTMBase(NStepRNNBase):
    """The base of the N-step LSTMs (eight weights per layer and direction)."""

    n_weights = 8

    @property
    def n_cells(self):
        return 2

    def _cell(self):
        return _lstm_cell

    def forward(self, hx, cx, xs, **kwargs):
        """Run the LSTM over a batch of sequences.

        Parameters
        ----------
        hx, cx : Variable of shape ``(n_layers * direction, batch, out_size)`` or None
            Initial hidden and cell states (None: zeros).
        xs : list of Variables or arrays, each of shape ``(length_i, in_size)``

        Returns
        -------
        tuple ``(hy, cy, ys)``: final hidden and cell states, and the outputs of the last
        layer, a list of ``(length_i, out_size * direction)`` Variables.
        """
        (hy, cy), ys = self._call([hx, cx], xs, **kwargs)
        return hy, cy, ys


class NStepLSTM(NStepLSTMBase):
    """Stacked unidirectional LSTM over variable-length sequences.

    Parameters
    ----------
    n_layers, in_size, out_size : int
    dropout : float
    initialW, initial_bias : initializers (keywords), optional
    """


class NStepBiLSTM(NStepLSTMBase):
    """Stacked bidirectional LSTM; outputs concatenate both directions."""

    use_bi_direction = True
