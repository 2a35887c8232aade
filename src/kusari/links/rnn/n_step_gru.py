"""N-step GRU links: ``NStepGRU`` and ``NStepBiGRU``.

Per layer and direction, with weights ``w0..w5`` and biases ``b0..b5``::

    r = sigmoid(W0 x + b0 + W3 h + b3)     z = sigmoid(W1 x + b1 + W4 h + b4)
    h_bar = tanh(W2 x + b2 + r * (W5 h + b5))
    h' = (1 - z) * h_bar + z * h
"""
import kusari.functions as F
from kusari.links.rnn.n_step_rnn import NStepRNNBase


class NStepGRUBase(NStepRNNBase):
    """The base of the N-step GRUs (six weights per layer and direction)."""

    n_weights = 6


class NStepGRU(NStepGRUBase):
    """Stacked unidirectional GRU over variable-length sequences.

    Parameters
    ----------
    n_layers, in_size, out_size : int
    dropout : float
    initialW, initial_bias : initializers (keywords), optional
    """

    def rnn(self, *args):
        return F.n_step_gru(*args)


class NStepBiGRU(NStepGRUBase):
    """Stacked bidirectional GRU; outputs concatenate both directions."""

    use_bi_direction = True

    def rnn(self, *args):
        return F.n_step_bigru(*args)
