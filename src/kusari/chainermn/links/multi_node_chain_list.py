"""MultiNodeChainList: a model split over processes, its pieces wired by send/recv."""
import collections

from kusari.chainermn import functions as mnf
from kusari.link import ChainList


def _ranks(value):
    if value is None:
        return None
    return [value] if isinstance(value, int) else list(value)


class MultiNodeChainList(ChainList):
    """The part of a model-parallel model that lives on this process.

    Add its pieces in forward order with :meth:`add_link`, each with the ranks it receives
    its inputs from (``rank_in``; None: the model's inputs) and the ranks it sends its
    outputs to (``rank_out``; None: they are the model's output). Calling the list runs the
    pieces in order, receiving and sending as declared; the returned variable is the model
    output (tied to the sends made after it), or, on a process without model output, the
    delegate variable of its last send. Backprop from it (``loss.backward()`` or
    ``delegate.backward()``) runs every piece's backward in reverse order, exchanging the
    gradients with the peers; each process must do so.

    A rank may appear in both ``rank_in`` and ``rank_out`` of its own pieces: the data then
    passes through a local queue instead of MPI. Several receives or sends of one piece are
    made in the listed order; outputs that are tuples are sent as one message.

    Parameters
    ----------
    comm : CommunicatorBase
        The processes.
    """

    def __init__(self, comm):
        super().__init__()
        self._comm = comm
        self._rank_inouts = []

    def add_link(self, link, rank_in=None, rank_out=None):
        """Append a piece.

        Parameters
        ----------
        link : kusari.Link
            The piece (called with the received values, or the model's inputs).
        rank_in : int, list of int or None
            Where its inputs come from (None: the model's inputs).
        rank_out : int, list of int or None
            Where its outputs go (None: they are the model's output).

        Raises
        ------
        ValueError
            If a second piece is declared as producing the model output.
        """
        rank_in, rank_out = _ranks(rank_in), _ranks(rank_out)
        if rank_out is None and any(out is None for _, out in self._rank_inouts):
            raise ValueError('MultiNodeChainList: only one piece can produce the model output '
                             '(rank_out=None)')
        super().add_link(link)
        self._rank_inouts.append((rank_in, rank_out))

    def forward(self, *inputs):
        comm = self._comm
        local = collections.deque()
        y = None
        delegate = None
        for i, (piece, (rank_in, rank_out)) in enumerate(zip(self, self._rank_inouts)):
            if rank_in is None:
                if i == 0:
                    x = piece(*inputs)
                else:
                    # later pieces fed by the model inputs must still backprop into the
                    # earlier ones: tie the inputs to the current delegate
                    x = piece(*mnf.pseudo_connect(delegate, *inputs))
            else:
                xs = []
                for src in rank_in:
                    if src == comm.rank:
                        if delegate is None:
                            got = local.popleft()
                        else:
                            got, = mnf.pseudo_connect(delegate, local.popleft())
                    else:
                        got = mnf.recv(comm, rank=src, delegate_variable=delegate)
                    xs.append(got)
                    # the next receive's backward must come after this one's
                    delegate = got
                delegate = None
                x = piece(*xs)
            if rank_out is None:
                y = x
                delegate = y
                continue
            for j, dst in enumerate(rank_out):
                if dst == comm.rank:
                    if delegate is not None:
                        x, = mnf.pseudo_connect(delegate, x)
                    local.append(x)
                    delegate = x
                else:
                    if j > 0 and delegate is not None:
                        # the sends' backwards must run in the reverse order
                        x, = mnf.pseudo_connect(delegate, x)
                    delegate = mnf.send(x, comm, rank=dst)
        if local:
            raise ValueError('MultiNodeChainList: {} value(s) sent to this process itself '
                             'were never received: check that every rank_out has a matching '
                             'rank_in'.format(len(local)))
        if y is delegate:
            return y
        if y is not None:
            y, = mnf.pseudo_connect(delegate, y)
            return y
        return delegate
