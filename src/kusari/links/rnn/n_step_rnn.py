"""N-step RNN links: stacked (optionally bidirectional) RNNs over variable-length sequences.

``NStepRNNTanh`` / ``NStepRNNReLU`` / ``NStepBiRNNTanh`` / ``NStepBiRNNReLU`` here;
``NStepLSTM`` / ``NStepBiLSTM`` and ``NStepGRU`` / ``NStepBiGRU`` in their modules. The links
sort the sequences, transpose them to time-major batches and call the functions of
:mod:`kusari.functions.rnn` (``n_step_rnn``, ``n_step_lstm``, ...), which are compositions
of differentiable functions: every order of derivative is available.

Parameters follow Chainer's layout: a ChainList with one Link per layer and direction
(``layer * direction_count + direction``), holding ``w0 ... w{n-1}`` and ``b0 ... b{n-1}``.
The first half of the weights multiply the layer input, the second half the previous state.
"""
import numpy

import kusari.functions as F
from kusari import initializers, link
from kusari.variable import Parameter, Variable


def argsort_list_descent(lst):
    """Indices sorting the sequences by decreasing length."""
    return numpy.argsort([-len(x) for x in lst], kind='stable').astype(numpy.int32)


def permutate_list(lst, indices, inv):
    """Reorder a list by ``indices`` (or undo that order when ``inv``)."""
    ret = [None] * len(lst)
    if inv:
        for i, ind in enumerate(indices):
            ret[ind] = lst[i]
    else:
        for i, ind in enumerate(indices):
            ret[i] = lst[ind]
    return ret


class NStepRNNBase(link.ChainList):
    """The base of the N-step RNN links.

    Parameters
    ----------
    n_layers : int
        The number of layers.
    in_size : int
        The input size of the first layer.
    out_size : int
        The state size (per direction).
    dropout : float
        The dropout ratio applied to the inputs of every layer but the first.
    initialW : initializer, optional
        Of the weights (LeCunNormal by default).
    initial_bias : initializer, optional
        Of the biases (0 by default).
    """

    n_weights = 2
    use_bi_direction = False

    def __init__(self, n_layers, in_size, out_size, dropout, *, initialW=None,
                 initial_bias=None, **kwargs):
        for key, msg in (('use_cudnn', 'use_cudnn argument is not supported anymore. Use '
                                       'kusari.using_config'),
                         ('use_bi_direction', 'use_bi_direction is not supported anymore'),
                         ('activation', 'activation is not supported anymore')):
            if key in kwargs:
                raise ValueError(msg)
        if kwargs:
            raise TypeError('got unexpected keyword arguments: {}'.format(
                ', '.join(sorted(kwargs))))
        direction = 2 if self.use_bi_direction else 1
        w_init = initializers._get_initializer(initialW)
        b_init = initializers._get_initializer(0 if initial_bias is None else initial_bias)
        weights = []
        half = self.n_weights // 2
        for i in range(n_layers):
            for _ in range(direction):
                weight = link.Link()
                with weight.init_scope():
                    for j in range(self.n_weights):
                        if j < half:
                            w_in = in_size if i == 0 else out_size * direction
                        else:
                            w_in = out_size
                        setattr(weight, 'w%d' % j, Parameter(w_init, (out_size, w_in)))
                        setattr(weight, 'b%d' % j, Parameter(b_init, out_size))
                weights.append(weight)
        super().__init__(*weights)
        self.n_layers = n_layers
        self.dropout = dropout
        self.out_size = out_size
        self.direction = direction

    @property
    def ws(self):
        """The weights, ``ws[layer * direction + d][j]``."""
        return [[getattr(layer, 'w%d' % i) for i in range(self.n_weights)] for layer in self]

    @property
    def bs(self):
        """The biases, ``bs[layer * direction + d][j]``."""
        return [[getattr(layer, 'b%d' % i) for i in range(self.n_weights)] for layer in self]

    def init_hx(self, xs):
        """Zero initial states of shape ``(n_layers * direction, len(xs), out_size)``."""
        shape = (self.n_layers * self.direction, len(xs), self.out_size)
        return Variable(self.xp.zeros(shape, dtype=xs[0].dtype))

    @property
    def n_cells(self):
        """The number of state tensors (1, or 2 for LSTMs)."""
        return 1

    def rnn(self, *args):
        """The recurrence on time-major inputs: ``rnn(n_layers, dropout, *states, ws, bs,
        xs)`` returns ``(*final_states, ys)`` (one of the ``F.n_step_*`` functions)."""
        raise NotImplementedError

    def forward(self, hx, xs, **kwargs):
        """Run the RNN over a batch of sequences.

        Parameters
        ----------
        hx : Variable of shape ``(n_layers * direction, batch, out_size)`` or None
            Initial states (None: zeros).
        xs : list of Variables or arrays
            ``batch`` sequences, each of shape ``(length_i, in_size)``.

        Returns
        -------
        tuple ``(hy, ys)``: final states of the shape of ``hx``, and the outputs of the last
        layer, a list of ``(length_i, out_size * direction)`` Variables.
        """
        (hy,), ys = self._call([hx], xs, **kwargs)
        return hy, ys

    def _call(self, hs, xs, **kwargs):
        if 'train' in kwargs:
            raise ValueError('train argument is not supported anymore. Use '
                             "kusari.using_config('train', ...)")
        if kwargs:
            raise TypeError('got unexpected keyword arguments: {}'.format(
                ', '.join(sorted(kwargs))))
        if not isinstance(xs, (list, tuple)):
            raise TypeError('xs must be a list or a tuple of sequences, got {}'.format(
                type(xs).__name__))
        indices = argsort_list_descent(xs)
        xs = permutate_list(xs, indices, inv=False)
        hxs = []
        for hx in hs:
            if hx is None:
                hx = self.init_hx(xs)
            else:
                hx = F.permutate(hx, indices, axis=1, inv=False)
            hxs.append(hx)
        trans_x = F.transpose_sequence(xs)
        result = self.rnn(self.n_layers, self.dropout, *hxs, self.ws, self.bs, trans_x)
        hys = [F.permutate(h, indices, axis=1, inv=True) for h in result[:-1]]
        ys = F.transpose_sequence(result[-1])
        ys = permutate_list(ys, indices, inv=True)
        return hys, ys


class NStepRNNTanh(NStepRNNBase):
    """Stacked unidirectional RNN, ``h_t = tanh(W0 x_t + b0 + W1 h_{t-1} + b1)``.

    See :class:`NStepRNNBase` for the parameters.
    """

    def rnn(self, *args):
        return F.n_step_rnn(*args, activation='tanh')


class NStepRNNReLU(NStepRNNBase):
    """Stacked unidirectional RNN with ReLU activation."""

    def rnn(self, *args):
        return F.n_step_rnn(*args, activation='relu')


class NStepBiRNNTanh(NStepRNNBase):
    """Stacked bidirectional RNN with tanh activation; outputs concatenate both
    directions."""

    use_bi_direction = True

    def rnn(self, *args):
        return F.n_step_birnn(*args, activation='tanh')


class NStepBiRNNReLU(NStepRNNBase):
    """Stacked bidirectional RNN with ReLU activation."""

    use_bi_direction = True

    def rnn(self, *args):
        return F.n_step_birnn(*args, activation='relu')
