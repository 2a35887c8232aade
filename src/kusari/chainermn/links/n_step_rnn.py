"""create_multi_node_n_step_rnn: a stacked RNN whose hidden states come from and go to
other processes."""
from kusari.chainermn import functions as mnf
from kusari.link import Chain


class _MultiNodeNStepRNN(Chain):

    def __init__(self, link, communicator, rank_in, rank_out):
        from kusari.links.rnn.n_step_rnn import NStepRNNBase
        if not isinstance(link, NStepRNNBase):
            raise ValueError('create_multi_node_n_step_rnn: link must be an NStep RNN link '
                             '(NStepLSTM, NStepGRU, NStepRNNTanh, ... or their Bi versions), '
                             'got {}'.format(type(link).__name__))
        super().__init__()
        with self.init_scope():
            self.actual_rnn = link
        self.communicator = communicator
        self.rank_in = rank_in
        self.rank_out = rank_out
        self.n_cells = link.n_cells

    def forward(self, *inputs):
        if self.rank_in is None:
            cells = [None] * self.n_cells
        else:
            cells = [mnf.recv(self.communicator, rank=self.rank_in)
                     for _ in range(self.n_cells)]
        outputs = self.actual_rnn(*(tuple(cells) + inputs))
        states = outputs[:-1]
        delegate = None
        if self.rank_out is not None:
            state = states[0]
            for i in range(self.n_cells):
                delegate = mnf.send(state, self.communicator, rank=self.rank_out)
                if i < self.n_cells - 1:
                    state, = mnf.pseudo_connect(delegate, states[i + 1])
        return tuple(outputs) + (delegate,)


def create_multi_node_n_step_rnn(actual_link, communicator, rank_in=None, rank_out=None):
    """Wrap a stacked RNN for model parallelism over the layers' time steps.

    The returned link receives its initial hidden (and cell) states from ``rank_in`` (zeros
    when None), runs ``actual_link``, and sends its final states to ``rank_out`` (nothing
    when None). It returns the RNN's outputs followed by a delegate variable (None without
    ``rank_out``): tie the loss to it with :func:`~kusari.chainermn.functions.
    pseudo_connect` so that backprop also sends the states' gradients back.

    Parameters
    ----------
    actual_link : kusari.links.NStepRNNBase
        NStepLSTM, NStepGRU, NStepRNNTanh, NStepRNNReLU or a bidirectional one.
    communicator : CommunicatorBase
        The processes.
    rank_in, rank_out : int or None
        Where the initial states come from and where the final ones go.

    Returns
    -------
    kusari.Chain
        The wrapped RNN (its child ``actual_rnn`` is ``actual_link``).

    Raises
    ------
    ValueError
        If ``actual_link`` is not an NStep RNN link.
    """
    return _MultiNodeNStepRNN(actual_link, communicator, rank_in, rank_out)
