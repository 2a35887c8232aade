"""Differentiable collectives: allgather, alltoall, bcast, gather, scatter (and allreduce).

Each backward is the adjoint collective, written as its node: allgather <-> alltoall+sum,
alltoall <-> alltoall, bcast <-> gather+sum, gather <-> scatter, allreduce <-> allreduce. A
backward run with double backprop therefore records communication nodes whose own backward
communicates again, so the symmetric collectives (allgather, alltoall, allreduce) are
differentiable to every order on every rank. Every node also takes an internal empty input
that requires a gradient, so that its backward (and its communication) runs on every rank
even where the real inputs need no gradient. Every rank must backprop through the same
collectives in the same order, as it called them forward.
"""
import numpy

from kusari import backend
from kusari.chainermn.functions.point_to_point_communication import _dummy
from kusari.chainermn.functions.pseudo_connect import PseudoConnect
from kusari.function_node import FunctionNode
from kusari.variable import Variable


def _zeros_var(xp, shape, dtype):
    return Variable._new(xp.zeros(shape, dtype), True)


def _fill(grads, specs, xp):
    """Output gradients with None replaced by zeros (every rank must communicate)."""
    return tuple(g if g is not None else _zeros_var(xp, s, d)
                 for g, (s, d) in zip(grads, specs))


def _sum(variables):
    total = variables[0]
    for v in variables[1:]:
        total = total + v
    return total


def _tied_zeros(delegate, shape, dtype, xp):
    """Zeros of ``shape`` whose graph reaches ``delegate`` (keeps a backward's
    communication reachable for higher orders)."""
    zeros = _zeros_var(xp, shape, dtype)
    return PseudoConnect().apply((delegate, zeros))[0]


class _Collective(FunctionNode):

    def __init__(self, comm):
        self.comm = comm

    def _record_outputs(self, ys):
        self._out = [(y.shape, y.dtype) for y in ys]
        return tuple(ys)


class AllGather(_Collective):
    """``(x, dummy) -> (x_0, ..., x_{size-1})``; backward: alltoall of the gradients, summed.
    """

    def forward(self, inputs):
        x = inputs[0]
        self._xp = backend.get_array_module(x)
        return self._record_outputs(self.comm.allgather(x))

    def backward(self, indexes, grad_outputs):
        gys = _fill(grad_outputs, self._out, self._xp)
        gx = _sum(AllToAll(self.comm).apply(gys + (_dummy(self._xp),)))
        return gx, None


class AllToAll(_Collective):
    """``(x_0, ..., x_{size-1}, dummy) -> ys`` with ``ys[i]`` from rank ``i``; its own
    adjoint."""

    def forward(self, inputs):
        xs = inputs[:-1]
        if len(xs) != self.comm.size:
            raise ValueError('alltoall: needs {} inputs (one per rank), got {}'.format(
                self.comm.size, len(xs)))
        self._xp = backend.get_array_module(*xs)
        return self._record_outputs(self.comm.alltoall(xs))

    def backward(self, indexes, grad_outputs):
        gys = _fill(grad_outputs, self._out, self._xp)
        gxs = AllToAll(self.comm).apply(gys + (_dummy(self._xp),))
        return tuple(gxs) + (None,)


class AllReduce(_Collective):
    """``(x, dummy) -> sum over ranks of x``; its own adjoint (the sum of the gradients)."""

    def forward(self, inputs):
        x = inputs[0]
        self._xp = backend.get_array_module(x)
        return self._record_outputs((self.comm.allreduce(x),))

    def backward(self, indexes, grad_outputs):
        gy, = _fill(grad_outputs, self._out, self._xp)
        gx, = AllReduce(self.comm).apply((gy, _dummy(self._xp)))
        return gx, None


class Bcast(_Collective):
    """Root: ``(x, dummy) -> x``; others: ``(dummy,) -> x of root``. Backward: the gradients
    are gathered at the root and summed."""

    def __init__(self, comm, root):
        super().__init__(comm)
        self.root = root

    def forward(self, inputs):
        is_root = self.comm.rank == self.root
        x = inputs[0] if is_root else None
        self._xp = backend.get_array_module(*inputs)
        self._in = [(a.shape, a.dtype) for a in inputs]
        return self._record_outputs((self.comm.bcast(x, root=self.root),))

    def backward(self, indexes, grad_outputs):
        xp = self._xp
        gy, = _fill(grad_outputs, self._out, xp)
        gathered = Gather(self.comm, self.root).apply((gy, _dummy(xp)))
        if self.comm.rank == self.root:
            return _sum(gathered), None
        shape, dtype = self._in[0]
        return _tied_zeros(gathered[0], shape, dtype, xp),


class Gather(_Collective):
    """``(x, dummy) ->`` at the root the arrays of every rank, elsewhere an empty delegate.
    Backward: the root scatters the gradients back."""

    def __init__(self, comm, root):
        super().__init__(comm)
        self.root = root

    def forward(self, inputs):
        x = inputs[0]
        xp = self._xp = backend.get_array_module(x)
        ys = self.comm.gather(x, root=self.root)
        if self.comm.rank == self.root:
            return self._record_outputs(ys)
        return self._record_outputs((xp.empty((0,), x.dtype),))

    def backward(self, indexes, grad_outputs):
        xp = self._xp
        gys = _fill(grad_outputs, self._out, xp)
        scatter = Scatter(self.comm, self.root)
        if self.comm.rank == self.root:
            gx, = scatter.apply(gys + (_dummy(xp),))
        else:
            gx, = scatter.apply((_tied_zeros(gys[0], (0,), numpy.float32, xp),))
        return gx, None


class Scatter(_Collective):
    """Root: ``(x_0, ..., x_{size-1}, dummy) -> x_rank``; others: ``(dummy,) -> their part``.
    Backward: the gradients are gathered back at the root."""

    def __init__(self, comm, root):
        super().__init__(comm)
        self.root = root

    def forward(self, inputs):
        is_root = self.comm.rank == self.root
        self._xp = backend.get_array_module(*inputs)
        self._in = [(a.shape, a.dtype) for a in inputs]
        if is_root:
            xs = inputs[:-1]
            if len(xs) != self.comm.size:
                raise ValueError('scatter: needs {} arrays at the root (one per rank), got {}'
                                 .format(self.comm.size, len(xs)))
            y = self.comm.scatter(tuple(xs), root=self.root)
        else:
            y = self.comm.scatter(None, root=self.root)
        return self._record_outputs((y,))

    def backward(self, indexes, grad_outputs):
        xp = self._xp
        gy, = _fill(grad_outputs, self._out, xp)
        gathered = Gather(self.comm, self.root).apply((gy, _dummy(xp)))
        if self.comm.rank == self.root:
            return tuple(gathered) + (None,)
        shape, dtype = self._in[0]
        return _tied_zeros(gathered[0], shape, dtype, xp),


def allgather(comm, x):
    """Every process gets every process's ``x`` (differentiable).

    The gradient of ``x`` is the sum, over the processes, of the gradients of their copies
    of it (an alltoall of the gradients). Differentiable to every order.

    Parameters
    ----------
    comm : CommunicatorBase
        The processes (all call this).
    x : Variable or array
        This process's value (shapes may differ between processes).

    Returns
    -------
    tuple of Variable
        ``comm.size`` variables, in rank order.
    """
    xp = backend.get_array_module(x)
    return AllGather(comm).apply((x, _dummy(xp)))


def alltoall(comm, xs):
    """Send ``xs[i]`` to process ``i`` and receive one value from every process
    (differentiable; the gradients travel back the same way, to every order).

    Parameters
    ----------
    comm : CommunicatorBase
        The processes (all call this).
    xs : list or tuple of Variable or array
        One value per process, of one dtype.

    Returns
    -------
    tuple of Variable
        ``ys[i]`` came from process ``i``.

    Raises
    ------
    ValueError
        If ``len(xs) != comm.size``.
    """
    if len(xs) != comm.size:
        raise ValueError('alltoall: the length of xs must be the communicator size {}, got {}'
                         .format(comm.size, len(xs)))
    xp = backend.get_array_module(*xs)
    return AllToAll(comm).apply(tuple(xs) + (_dummy(xp),))


def allreduce(comm, x):
    """The sum of ``x`` over the processes, on every process (differentiable to every
    order: the gradient is the sum of the gradients).

    Parameters
    ----------
    comm : CommunicatorBase
        The processes (all call this).
    x : Variable or array
        This process's value (one shape and dtype everywhere).

    Returns
    -------
    Variable
        The sum, of ``x``'s shape and dtype.
    """
    xp = backend.get_array_module(x)
    return AllReduce(comm).apply((x, _dummy(xp)))[0]


def bcast(comm, x, root=0):
    """The root's ``x`` on every process (differentiable: the root's gradient is the sum of
    every process's gradient).

    Parameters
    ----------
    comm : CommunicatorBase
        The processes (all call this).
    x : Variable, array or None
        The value at ``root``; ignored elsewhere (pass None).
    root : int
        The process that has the value.

    Returns
    -------
    Variable
        The root's value.
    """
    node = Bcast(comm, root)
    if comm.rank == root:
        xp = backend.get_array_module(x)
        return node.apply((x, _dummy(xp)))[0]
    return node.apply((_dummy(numpy),))[0]


def gather(comm, x, root=0):
    """Collect every process's ``x`` at ``root`` (differentiable: the gradients are
    scattered back).

    Parameters
    ----------
    comm : CommunicatorBase
        The processes (all call this).
    x : Variable or array
        This process's value (shapes may differ).
    root : int
        The collecting process.

    Returns
    -------
    tuple of Variable or Variable
        At ``root``, the values in rank order; elsewhere an empty delegate variable, from
        which the other processes backprop (``phi.backward()``) to send their gradients.
    """
    xp = backend.get_array_module(x)
    ys = Gather(comm, root).apply((x, _dummy(xp)))
    return ys if comm.rank == root else ys[0]


def scatter(comm, xs, root=0):
    """Send ``xs[i]`` from ``root`` to process ``i`` (differentiable: the gradients are
    gathered back at the root).

    Parameters
    ----------
    comm : CommunicatorBase
        The processes (all call this).
    xs : list or tuple of Variable or array, or None
        At ``root``, one value per process; ignored elsewhere (pass None).
    root : int
        The sending process.

    Returns
    -------
    Variable
        This process's part.
    """
    node = Scatter(comm, root)
    if comm.rank == root:
        xp = backend.get_array_module(*xs)
        return node.apply(tuple(xs) + (_dummy(xp),))[0]
    return node.apply((_dummy(numpy),))[0]
