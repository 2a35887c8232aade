"""``StatefulZoneoutLSTM``: an LSTM whose state units randomly keep their previous values
(Krueger et al., *Zoneout*, 2016)."""
import kusari.functions as F
from kusari import link
from kusari.links.connection.linear import Linear
from kusari.variable import Variable


class StatefulZoneoutLSTM(link.Chain):
    """A fully connected LSTM with zoneout on the cell state and the output.

    With the pre-activations ``upward(x) + lateral(h)`` split into the interleaved gates
    ``a, i, f, o`` (as in :func:`kusari.functions.lstm`)::

        c_tmp = tanh(a) sigmoid(i) + sigmoid(f) c
        c' = zoneout(c, c_tmp, c_ratio)
        h' = zoneout(h, sigmoid(o) tanh(c_tmp), h_ratio)

    (:func:`~kusari.functions.zoneout` keeps each previous value with the given ratio in
    training mode and returns the new values in test mode.)

    Parameters
    ----------
    in_size : int
        The input size.
    out_size : int
        The state size.
    c_ratio : float
        The zoneout ratio of the cell state.
    h_ratio : float
        The zoneout ratio of the output.

    Raises
    ------
    ValueError
        For the removed ``train`` argument.

    Attributes
    ----------
    c, h : Variable or None
        The cell state and the output of the last step (None after :meth:`reset_state`).
    """

    def __init__(self, in_size, out_size, c_ratio=0.5, h_ratio=0.5, **kwargs):
        if 'train' in kwargs:
            raise ValueError("train argument is not supported anymore. "
                             "Use chainer.using_config")
        if kwargs:
            raise TypeError('got unexpected keyword argument(s): {}'.format(
                ', '.join(sorted(kwargs))))
        super().__init__()
        self.state_size = out_size
        self.c_ratio = c_ratio
        self.h_ratio = h_ratio
        self.reset_state()
        with self.init_scope():
            self.upward = Linear(in_size, 4 * out_size)
            self.lateral = Linear(out_size, 4 * out_size, nobias=True)

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        for name in ('c', 'h'):     # the state moves with the link
            v = getattr(self, name, None)
            if v is not None:
                visitor.visit_variable(v)

    def set_state(self, c, h):
        """Set the cell state and output (Variables of shape ``(B, out_size)``).

        Raises
        ------
        TypeError
            If ``c`` or ``h`` is not a Variable.
        """
        if not isinstance(c, Variable) or not isinstance(h, Variable):
            raise TypeError('c and h must be Variables')
        c.to_device(self.device)
        h.to_device(self.device)
        self.c = c
        self.h = h

    def reset_state(self):
        """Forget the state: the next step starts from zeros."""
        self.c = self.h = None

    def forward(self, x):
        """One step from ``x`` of shape ``(B, in_size)``; returns and keeps the new output
        of shape ``(B, out_size)``."""
        lstm_in = self.upward(x)
        shape = (len(x), self.state_size)
        if self.h is not None:
            lstm_in += self.lateral(self.h)
        else:
            self.h = Variable(self.xp.zeros(shape, dtype=x.dtype))
        if self.c is None:
            self.c = Variable(self.xp.zeros(shape, dtype=x.dtype))
        gates = F.reshape(lstm_in, (len(lstm_in), lstm_in.shape[1] // 4, 4))
        a, i, f, o = [F.get_item(gates, (slice(None), slice(None), k)) for k in range(4)]
        c_tmp = F.tanh(a) * F.sigmoid(i) + F.sigmoid(f) * self.c
        self.c = F.zoneout(self.c, c_tmp, self.c_ratio)
        self.h = F.zoneout(self.h, F.sigmoid(o) * F.tanh(c_tmp), self.h_ratio)
        return self.h
