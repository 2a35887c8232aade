"""LSTM links: ``StatelessLSTM`` and the stateful ``LSTM``.

The gates use :func:`kusari.functions.lstm`'s layout: the ``4 * out_size`` pre-activations
interleave the cell input ``a`` and the input, forget and output gates ``i, f, o`` unit by unit.
"""
import kusari.functions as F
from kusari import initializers, link
from kusari.links.connection.linear import Linear
from kusari.utils import size_of_shape
from kusari.variable import Variable


class LSTMBase(link.Chain):
    """The parameters shared by the LSTM links: ``upward`` (input) and ``lateral`` (state).

    Parameters
    ----------
    in_size : int or None
        The input size (None: set at the first forward pass). ``LSTMBase(out_size)`` is
        accepted too.
    out_size : int
        The state size.
    lateral_init, upward_init : initializers of the weights, optional
    bias_init : initializer of the ``a``, ``i`` and ``o`` biases (0)
    forget_bias_init : initializer of the forget gate bias (1)
    """

    def __init__(self, in_size, out_size=None, lateral_init=None, upward_init=None,
                 bias_init=None, forget_bias_init=None):
        if out_size is None:
            out_size, in_size = in_size, None
        super().__init__()
        self.state_size = out_size
        self.lateral_init = lateral_init
        self.upward_init = upward_init
        self.bias_init = 0 if bias_init is None else bias_init
        self.forget_bias_init = 1 if forget_bias_init is None else forget_bias_init
        with self.init_scope():
            self.upward = Linear(in_size, 4 * out_size, initialW=0)
            self.lateral = Linear(out_size, 4 * out_size, initialW=0, nobias=True)
            if in_size is not None:
                self._initialize_params()

    def _initialize_params(self):
        lateral_init = initializers._get_initializer(self.lateral_init)
        upward_init = initializers._get_initializer(self.upward_init)
        bias_init = initializers._get_initializer(self.bias_init)
        forget_bias_init = initializers._get_initializer(self.forget_bias_init)
        n = self.state_size
        for i in range(0, 4 * n, n):
            lateral_init(self.lateral.W.array[i:i + n, :])
            upward_init(self.upward.W.array[i:i + n, :])
        gates = self.upward.b.array.reshape(n, 4)
        bias_init(gates[:, 0])
        bias_init(gates[:, 1])
        forget_bias_init(gates[:, 2])
        bias_init(gates[:, 3])

    def _lazy_init(self, x):
        if self.upward.W.array is None:
            self.upward._initialize_params(size_of_shape(x.shape[1:]))
            self._initialize_params()


class StatelessLSTM(LSTMBase):
    """An LSTM layer whose state is passed in and returned.

    See :class:`LSTMBase` for the parameters.
    """

    def forward(self, c, h, x):
        """One step.

        Parameters
        ----------
        c : Variable of shape ``(batch, out_size)`` or None
            The previous cell state (None: zeros).
        h : Variable of shape ``(batch, out_size)`` or None
            The previous output (None: no lateral term).
        x : Variable of shape ``(batch, in_size)``

        Returns
        -------
        tuple of Variables ``(c_new, h_new)``, each of shape ``(batch, out_size)``
        """
        self._lazy_init(x)
        lstm_in = self.upward(x)
        if h is not None:
            lstm_in += self.lateral(h)
        if c is None:
            c = Variable(self.xp.zeros((x.shape[0], self.state_size), dtype=x.dtype))
        return F.lstm(c, lstm_in)


class LSTM(LSTMBase):
    """A fully connected LSTM layer that keeps its cell state and output between calls.

    Parameters
    ----------
    in_size : int or None
        ``LSTM(out_size)`` defers the input size to the first forward pass.
    out_size : int
    lateral_init, upward_init, bias_init, forget_bias_init : initializers, optional

    Attributes
    ----------
    c, h : Variable or None
        The cell state and the output of the last step (None after :meth:`reset_state`).
    """

    def __init__(self, in_size, out_size=None, lateral_init=None, upward_init=None,
                 bias_init=None, forget_bias_init=None):
        if out_size is None:
            in_size, out_size = None, in_size
        super().__init__(in_size, out_size, lateral_init, upward_init, bias_init,
                         forget_bias_init)
        self.reset_state()

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        for name in ('c', 'h'):     # the state moves with the link
            v = getattr(self, name, None)
            if v is not None:
                visitor.visit_variable(v)

    def set_state(self, c, h):
        """Set the cell state and output (Variables of shape ``(batch, out_size)``)."""
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
        """One step; the state is updated.

        The batch may shrink between steps (sequences ending): the state's first
        ``len(x)`` rows are updated and the rest carried over.

        Parameters
        ----------
        x : Variable of shape ``(batch, in_size)``

        Returns
        -------
        Variable of shape ``(batch, out_size)``: the new output.
        """
        self._lazy_init(x)
        batch = x.shape[0]
        lstm_in = self.upward(x)
        h_rest = None
        if self.h is not None:
            h_size = self.h.shape[0]
            if batch == 0:
                h_rest = self.h
            elif h_size < batch:
                raise TypeError('The batch size of x must be equal to or less than the size '
                                'of the previous state h.')
            elif h_size > batch:
                h_update, h_rest = F.split_axis(self.h, [batch], axis=0)
                lstm_in += self.lateral(h_update)
            else:
                lstm_in += self.lateral(self.h)
        if self.c is None:
            self.c = Variable(self.xp.zeros((batch, self.state_size), dtype=x.dtype))
        self.c, y = F.lstm(self.c, lstm_in)
        if h_rest is None:
            self.h = y
        elif len(y.array) == 0:
            self.h = h_rest
        else:
            self.h = F.concat([y, h_rest], axis=0)
        return y
