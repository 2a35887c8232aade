"""send and recv: differentiable point-to-point communication for model parallelism.

The backward of a send is a receive of the gradient and the backward of a receive is a send
of it, each written as the other node, so that a backward run with double backprop records
them and higher-order gradients can cross the processes again.
"""
import numpy

from kusari import backend
from kusari.chainermn.functions.pseudo_connect import PseudoConnect
from kusari.function_node import FunctionNode
from kusari.variable import Variable


def _dummy(xp):
    """An empty float32 variable that requires a gradient: it makes sure a communication
    node's backward runs (and communicates) even when its real inputs need no gradient."""
    return Variable(xp.empty((0,), numpy.float32), requires_grad=True)


def _zeros_like_output(gy, shape, dtype, xp):
    return gy if gy is not None else Variable._new(xp.zeros(shape, dtype), True)


class Send(FunctionNode):
    """``(*xs, dummy) -> delegate``: sends ``xs`` to ``peer_rank``; backward receives their
    gradients from it."""

    def __init__(self, comm, peer_rank, peer_tag):
        self.comm = comm
        self.peer_rank = peer_rank
        self.peer_tag = peer_tag

    @property
    def label(self):
        return '{} (peer_rank: {})'.format(type(self).__name__, self.peer_rank)

    def forward(self, inputs):
        xs = inputs[:-1]
        self._n = len(xs)
        self._xp = backend.get_array_module(*inputs)
        self.comm.send(xs[0] if len(xs) == 1 else tuple(xs), self.peer_rank, self.peer_tag)
        return self._xp.empty((0,), numpy.float32),

    def backward(self, indexes, grad_outputs):
        gd, = grad_outputs
        if gd is None:
            gd = Variable._new(self._xp.zeros((0,), numpy.float32), True)
        gxs = Recv(self.comm, self.peer_rank, self.peer_tag).apply((gd,))
        return tuple(gxs) + (None,)


class Recv(FunctionNode):
    """``(delegate) -> ys``: receives ``ys`` from ``peer_rank``; backward sends their
    gradients back (zeros for unused outputs) and gives the delegate a zero gradient tied to
    that send."""

    def __init__(self, comm, peer_rank, peer_tag):
        self.comm = comm
        self.peer_rank = peer_rank
        self.peer_tag = peer_tag

    @property
    def label(self):
        return '{} (peer_rank: {})'.format(type(self).__name__, self.peer_rank)

    def forward(self, inputs):
        delegate, = inputs
        self._delegate = (delegate.shape, delegate.dtype)
        data = self.comm.recv(self.peer_rank, self.peer_tag)
        ys = data if isinstance(data, tuple) else (data,)
        self._outs = [(y.shape, y.dtype) for y in ys]
        self._xp = backend.get_array_module(*ys) if ys else numpy
        return tuple(ys)

    def backward(self, indexes, grad_outputs):
        xp = self._xp
        gys = tuple(_zeros_like_output(gy, s, d, xp)
                    for gy, (s, d) in zip(grad_outputs, self._outs))
        dummy = Variable._new(xp.empty((0,), numpy.float32), True)
        sent, = Send(self.comm, self.peer_rank, self.peer_tag).apply(gys + (dummy,))
        shape, dtype = self._delegate
        zeros = Variable._new(xp.zeros(shape, dtype), True)
        gd, = PseudoConnect().apply((sent, zeros))
        return gd,


def send(x, communicator, rank, tag=0):
    """Send ``x`` to process ``rank``; backward receives its gradient from there.

    Returns a *delegate variable*, an empty array that stands for the sent data in this
    process's graph: backprop from it (or from a variable tied to it by
    :func:`pseudo_connect` or passed as ``delegate_variable`` to :func:`recv`) runs the
    receive of the gradient. The peer calls :func:`recv` with this process's rank.

    Parameters
    ----------
    x : Variable, array, or list/tuple of them
        What to send (several arrays travel in one message and arrive as a tuple).
    communicator : CommunicatorBase
        The communicator.
    rank : int
        The receiving process.
    tag : int
        The message tag.

    Returns
    -------
    Variable
        The delegate variable, shape ``(0,)``, float32.

    Raises
    ------
    ValueError
        If ``rank`` is this process's own rank.
    """
    if rank == communicator.rank:
        raise ValueError('send: rank {} is this process itself: sending to oneself would '
                         'deadlock'.format(rank))
    xs = tuple(x) if isinstance(x, (list, tuple)) else (x,)
    xp = backend.get_array_module(*xs)
    delegate, = Send(communicator, rank, tag).apply(xs + (_dummy(xp),))
    delegate.name = 'delegate_variable'
    return delegate


def recv(communicator, rank, delegate_variable=None, tag=0, force_tuple=False):
    """Receive what process ``rank`` sent with :func:`send`; backward sends the gradient
    back.

    Parameters
    ----------
    communicator : CommunicatorBase
        The communicator.
    rank : int
        The sending process.
    delegate_variable : Variable, optional
        The last variable of the previous piece of this process's graph (e.g. the delegate
        of an earlier :func:`send`): backprop through the received values continues into it
        afterwards, in the order that avoids deadlocks.
    tag : int
        The message tag.
    force_tuple : bool
        Return a tuple even for one received array.

    Returns
    -------
    Variable or tuple of Variable
        The received arrays (on the current CUDA device if they were sent from a GPU).

    Raises
    ------
    ValueError
        If ``rank`` is this process's own rank.
    """
    if rank == communicator.rank:
        raise ValueError('recv: rank {} is this process itself: receiving from oneself '
                         'would deadlock'.format(rank))
    if delegate_variable is None:
        delegate_variable = _dummy(numpy)
    else:
        delegate_variable.name = 'delegate_variable'
    ys = Recv(communicator, rank, tag).apply((delegate_variable,))
    if len(ys) == 1 and not force_tuple:
        return ys[0]
    return tuple(ys)
