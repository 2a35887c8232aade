"""Minimal gated units: ``StatelessMGU`` and ``StatefulMGU`` (Zhou et al., 2016).

``f = sigmoid(W_f [h; x])``, ``h_bar = tanh(W_h [f * h; x])``,
``h_new = f * h_bar + (1 - f) * h``.
"""
import kusari.functions as F
from kusari import configuration, link
from kusari.links.connection.linear import Linear
from kusari.variable import Variable


class MGUBase(link.Chain):
    """The two Linear links of an MGU, ``W_f`` and ``W_h`` (each ``in + out -> out``).

    Parameters
    ----------
    n_inputs : int
        The input size.
    n_units : int
        The state size.
    """

    def __init__(self, n_inputs, n_units):
        super().__init__()
        with self.init_scope():
            self.W_f = Linear(n_inputs + n_units, n_units)
            self.W_h = Linear(n_inputs + n_units, n_units)

    def _call_mgu(self, h, x):
        f = F.sigmoid(self.W_f(F.concat([h, x])))
        h_bar = F.tanh(self.W_h(F.concat([f * h, x])))
        return F.linear_interpolate(f, h_bar, h)


class StatelessMGU(MGUBase):
    """An MGU whose state is passed in: ``forward(h, x)`` returns the new state.

    See :class:`MGUBase` for the parameters. ``h`` has shape ``(B, n_units)``, ``x``
    ``(B, n_inputs)``; the result ``(B, n_units)``.
    """

    def forward(self, h, x):
        """One step; returns the new state of shape ``(B, n_units)``."""
        return self._call_mgu(h, x)


class StatefulMGU(MGUBase):
    """An MGU that keeps its state ``h`` between calls.

    Parameters
    ----------
    in_size : int
        The input size.
    out_size : int
        The state size.

    Attributes
    ----------
    h : Variable or None
        The state (None after :meth:`reset_state`; the next step then starts from zeros of
        the default dtype, ``config.dtype``).
    """

    def __init__(self, in_size, out_size):
        super().__init__(in_size, out_size)
        self._state_size = out_size
        self.reset_state()

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        if getattr(self, 'h', None) is not None:    # the state moves with the link
            visitor.visit_variable(self.h)

    def set_state(self, h):
        """Set the state (a Variable of shape ``(B, out_size)``), moved to the link's device.

        Raises
        ------
        TypeError
            If ``h`` is not a Variable.
        """
        if not isinstance(h, Variable):
            raise TypeError('h must be a Variable, not {}'.format(type(h).__name__))
        h.to_device(self.device)
        self.h = h

    def reset_state(self):
        """Forget the state."""
        self.h = None

    def forward(self, x):
        """One step from ``x`` of shape ``(B, in_size)``; returns and keeps the new state."""
        if self.h is None:
            dtype = configuration.get_dtype()
            h = Variable(self.xp.zeros((x.shape[0], self._state_size), dtype=dtype))
        else:
            h = self.h
        self.h = self._call_mgu(h, x)
        return self.h
