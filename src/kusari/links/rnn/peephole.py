"""``StatefulPeepholeLSTM``: an LSTM whose gates also see the cell state (Gers et al.)."""
import kusari.functions as F
from kusari import link
from kusari.links.connection.linear import Linear
from kusari.variable import Variable


class StatefulPeepholeLSTM(link.Chain):
    """A fully connected LSTM with peephole connections that keeps its state.

    With the pre-activations ``upward(x) + lateral(h)`` split into the interleaved gates
    ``a, i, f, o`` (as in :func:`kusari.functions.lstm`)::

        i = sigmoid(i + peep_i(c))        f = sigmoid(f + peep_f(c))
        c' = tanh(a) * i + f * c
        o = sigmoid(o + peep_o(c'))       h' = o * tanh(c')

    Parameters
    ----------
    in_size : int
        The input size.
    out_size : int
        The state size.

    Attributes
    ----------
    upward, lateral, peep_i, peep_f, peep_o : Linear
        The input, recurrent and peephole weights (only ``upward`` has a bias).
    c, h : Variable or None
        The cell state and the output of the last step (None after :meth:`reset_state`).
    """

    def __init__(self, in_size, out_size):
        super().__init__()
        self.state_size = out_size
        self.reset_state()
        with self.init_scope():
            self.upward = Linear(in_size, 4 * out_size)
            self.lateral = Linear(out_size, 4 * out_size, nobias=True)
            self.peep_i = Linear(out_size, out_size, nobias=True)
            self.peep_f = Linear(out_size, out_size, nobias=True)
            self.peep_o = Linear(out_size, out_size, nobias=True)

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        for name in ('c', 'h'):     # the state moves with the link
            v = getattr(self, name, None)
            if v is not None:
                visitor.visit_variable(v)

    def reset_state(self):
        """Forget the state: the next step starts from a zero cell and no lateral input."""
        self.c = self.h = None

    def forward(self, x):
        """One step from ``x`` of shape ``(B, in_size)``; returns and keeps the new output
        of shape ``(B, out_size)``."""
        lstm_in = self.upward(x)
        if self.h is not None:
            lstm_in += self.lateral(self.h)
        if self.c is None:
            self.c = Variable(self.xp.zeros((len(x), self.state_size), dtype=x.dtype))
        gates = F.reshape(lstm_in, (len(lstm_in), lstm_in.shape[1] // 4, 4))
        a, i, f, o = [F.get_item(gates, (slice(None), slice(None), k)) for k in range(4)]
        i = F.sigmoid(i + self.peep_i(self.c))
        f = F.sigmoid(f + self.peep_f(self.c))
        self.c = F.tanh(a) * i + f * self.c
        o = F.sigmoid(o + self.peep_o(self.c))
        self.h = o * F.tanh(self.c)
        return self.h
