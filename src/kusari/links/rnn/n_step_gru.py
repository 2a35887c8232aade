"""N-step GRU links: ``NStepGRU`` and ``NStepBiGRU``.

Per layer and direction, with weights ``w0..w5`` and biases ``b0..b5``::

    r = sigmoid(W0 x + b0 + W3 h + b3)     z = sigmoid(W1 x + b1 + W4 h + b4)
    h_bar = tanh(W2 x + b2 + r * (W5 h + b5))
    h' = (1 - z) * h_bar + z * h
"""
import kusari.functions as F
from kusari.links.rnn.n_step_rnn import NStepRNNBase


def _gru_cell(x, h, c, w, b):
    r = F.sigmoid(F.linear(x, w[0], b[0]) + F.linear(h, w[3], b[3]))
    z = F.sigmoid(F.linear(x, w[1], b[1]) + F.linear(h, w[4], b[4]))
    h_bar = F.tanh(F.linear(x, w[2], b[2]) + r * F.linear(h, w[5], b[5]))
    return (1 - z) * h_bar + z * h, None


class NStepGRUBase(NStepRNNBase):
    """The base of the N-step GRUs (six weights per layer and direction)."""

    n_weights = 6

    def _cell(self):
        return _gru_cell


class NStepGRU(NStepGRUBase):
    """Stacked unidirectional GRU over variable-length sequences.

    Parameters
    ----------
    n_layers, in_size, out_size : int
    dropout : float
    initialW, initial_bias : initializers (keywords), optional
    """


class NStepBiGRU(NStepGRUBase):
    """Stacked bidirectional GRU; outputs concatenate both directions."""

    use_bi_direction = True
