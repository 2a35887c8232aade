"""GRU links: ``StatelessGRU`` and the stateful ``StatefulGRU`` / ``GRU``.

``r = sigmoid(W_r x + U_r h)``, ``z = sigmoid(W_z x + U_z h)``,
``h_bar = tanh(W x + U (r * h))``, ``h_new = (1 - z) * h + z * h_bar``.
"""
import kusari.functions as F
from kusari import link
from kusari.links.connection.linear import Linear
from kusari.variable import Variable


class GRUBase(link.Chain):
    """The six Linear links of a GRU: ``W_r, U_r, W_z, U_z, W, U``.

    Parameters
    ----------
    in_size, out_size : int
    init : initializer of the input weights, optional
    inner_init : initializer of the recurrent weights, optional
    bias_init : initializer of the biases, optional
    """

    def __init__(self, in_size, out_size, init=None, inner_init=None, bias_init=None):
        super().__init__()
        with self.init_scope():
            self.W_r = Linear(in_size, out_size, initialW=init, initial_bias=bias_init)
            self.U_r = Linear(out_size, out_size, initialW=inner_init, initial_bias=bias_init)
            self.W_z = Linear(in_size, out_size, initialW=init, initial_bias=bias_init)
            self.U_z = Linear(out_size, out_size, initialW=inner_init, initial_bias=bias_init)
            self.W = Linear(in_size, out_size, initialW=init, initial_bias=bias_init)
            self.U = Linear(out_size, out_size, initialW=inner_init, initial_bias=bias_init)


class StatelessGRU(GRUBase):
    """A GRU whose state is passed in.

    See :class:`GRUBase` for the parameters.
    """

    def forward(self, h, x):
        """One step: ``h`` of shape ``(batch, out_size)``, ``x`` of shape ``(batch,
        in_size)``; returns the new state of shape ``(batch, out_size)``."""
        r = F.sigmoid(self.W_r(x) + self.U_r(h))
        z = F.sigmoid(self.W_z(x) + self.U_z(h))
        h_bar = F.tanh(self.W(x) + self.U(r * h))
        return F.linear_interpolate(z, h_bar, h)


class StatefulGRU(GRUBase):
    """A GRU that keeps its state between calls.

    Parameters
    ----------
    in_size, out_size : int
    init, inner_init : initializers, optional
    bias_init : initializer of the biases (0)

    Attributes
    ----------
    h : Variable or None
        The state (None after :meth:`reset_state`).
    """

    def __init__(self, in_size, out_size, init=None, inner_init=None, bias_init=0):
        super().__init__(in_size, out_size, init, inner_init, bias_init)
        self.state_size = out_size
        self.reset_state()

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        if getattr(self, 'h', None) is not None:     # the state moves with the link
            visitor.visit_variable(self.h)

    def set_state(self, h):
        """Set the state (a Variable of shape ``(batch, out_size)``)."""
        if not isinstance(h, Variable):
            raise TypeError('h must be a Variable')
        h.to_device(self.device)
        self.h = h

    def reset_state(self):
        """Forget the state."""
        self.h = None

    def forward(self, x):
        """One step from ``x`` of shape ``(batch, in_size)``; returns and keeps the new state.

        Without a state the step is ``h = z * h_bar`` (the previous state taken as zero).
        """
        z = self.W_z(x)
        h_bar = self.W(x)
        if self.h is not None:
            r = F.sigmoid(self.W_r(x) + self.U_r(self.h))
            z += self.U_z(self.h)
            h_bar += self.U(r * self.h)
        z = F.sigmoid(z)
        h_bar = F.tanh(h_bar)
        if self.h is not None:
            h_new = F.linear_interpolate(z, h_bar, self.h)
        else:
            h_new = z * h_bar
        self.h = h_new
        return self.h


class GRU(StatefulGRU):
    """The stateful GRU (:class:`StatefulGRU`); it takes one argument."""

    def forward(self, *args):
        n_args = len(args)
        msg = ('Invalid argument. The length of GRU.forward must be 1. But {} is given. '
               .format(n_args))
        if n_args == 0 or n_args >= 3:
            raise ValueError(msg)
        if n_args == 2:
            raise ValueError(msg + 'In Chainer v2, chainer.links.GRU is changed from '
                             'stateless to stateful. One possibility is you assume GRU to be '
                             'stateless. Use chainer.links.StatelessGRU instead.')
        return super().forward(args[0])
