"""N-step LSTM links: ``NStepLSTM`` and ``NStepBiLSTM``.

Per layer and direction, with weights ``w0..w7`` and biases ``b0..b7``::

    i = sigmoid(W0 x + b0 + W4 h + b4)     f = sigmoid(W1 x + b1 + W5 h + b5)
    a = tanh(W2 x + b2 + W6 h + b6)        o = sigmoid(W3 x + b3 + W7 h + b7)
    c' = f * c + i * a                     h' = o * tanh(c')
"""
import kusari.functions as F
from kusari.links.rnn.n_step_rnn import NStepRNNBase


class NStepLSTMBase(NStepRNNBase):
    """The base of the N-step LSTMs (eight weights per layer and direction)."""

    n_weights = 8

    @property
    def n_cells(self):
        return 2

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
    """Stacked unidirectional LSTM over variable-length sequences (:func:`F.n_step_lstm
    <kusari.functions.n_step_lstm>`).

    Parameters
    ----------
    n_layers, in_size, out_size : int
    dropout : float
    initialW, initial_bias : initializers (keywords), optional
    """

    def rnn(self, *args):
        return F.n_step_lstm(*args)


class NStepBiLSTM(NStepLSTMBase):
    """Stacked bidirectional LSTM; outputs concatenate both directions
    (:func:`F.n_step_bilstm <kusari.functions.n_step_bilstm>`)."""

    use_bi_direction = True

    def rnn(self, *args):
        return F.n_step_bilstm(*args)
