"""Differentiable communication on 2 ranks (see test_functions.py).

Gradients are checked against closed forms: every rank draws the same random weights, so it
knows what the other rank computes.
"""
import numpy
from mpi4py import MPI

import kusari
import kusari.functions as F
from kusari import chainermn
from kusari.chainermn import functions as mnf

WORLD = MPI.COMM_WORLD


def _comm():
    return chainermn.create_communicator('naive')


def _close(actual, expected, rtol=1e-12):
    numpy.testing.assert_allclose(numpy.asarray(actual), expected, rtol=rtol, atol=1e-12)


def _raises(exc, fn, match):
    try:
        fn()
    except exc as e:
        assert match in str(e), str(e)
        return
    raise AssertionError('{} not raised'.format(exc.__name__))


def _weights(*shape, n=2):
    rs = numpy.random.RandomState(5)
    return [rs.uniform(0.5, 1.5, shape) for _ in range(n)]


def case_send_recv_gradient_across_ranks():
    comm = _comm()
    w = _weights(2, 3)[0]
    x0 = numpy.linspace(-1, 1, 6).reshape(2, 3)
    if comm.rank == 0:
        x = kusari.Variable(x0)
        delegate = mnf.send(F.tanh(x), comm, rank=1)
        assert delegate.shape == (0,)
        delegate.backward()
        # loss on rank 1 = sum(w * tanh(x) ** 2): d/dx = 2 w tanh(x) (1 - tanh(x)^2)
        t = numpy.tanh(x0)
        _close(x.grad, 2 * w * t * (1 - t * t))
    else:
        z = mnf.recv(comm, rank=0)
        F.sum(w * z * z).backward()
    _raises(ValueError, lambda: mnf.send(numpy.ones(1), comm, rank=comm.rank), 'deadlock')
    _raises(ValueError, lambda: mnf.recv(comm, rank=comm.rank), 'deadlock')


def case_send_recv_tuples_and_float16():
    comm = _comm()
    if comm.rank == 0:
        a = kusari.Variable(numpy.ones((2, 2), numpy.float16))
        b = kusari.Variable(numpy.full((3,), 2, numpy.float16))
        mnf.send([a, b], comm, rank=1, tag=4).backward()
        _close(a.grad.astype(float), 3.0)
        _close(b.grad.astype(float), 0.0)       # unused on rank 1: a zero gradient
        mnf.send(a, comm, rank=1, tag=5)         # no backward on either side
    else:
        ys = mnf.recv(comm, rank=0, tag=4)
        assert [y.dtype for y in ys] == [numpy.float16] * 2 and ys[1].shape == (3,)
        F.sum(ys[0] * 3.0).backward()
        one = mnf.recv(comm, rank=0, tag=5, force_tuple=True)
        assert isinstance(one, tuple) and one[0].shape == (2, 2)


def case_send_of_arrays_still_communicates_backward():
    comm = _comm()
    if comm.rank == 0:
        x = numpy.ones((1, 4), numpy.float32)
        phi = mnf.send(x, comm, rank=1)
        y, = mnf.pseudo_connect(phi, kusari.Variable(x))
        F.sum(y).backward()        # runs the send's backward (the receive) too
    else:
        z = mnf.recv(comm, rank=0)
        F.sum(z * z).backward()


def case_recv_side_double_backprop():
    # rank 1 differentiates a gradient of the received z; the second-order gradient is sent
    # back to rank 0 by the receive's backward
    comm = _comm()
    w = _weights(3)[0]
    x0 = numpy.array([0.3, -0.5, 0.8])
    if comm.rank == 0:
        x = kusari.Variable(x0)
        mnf.send(x * 2.0, comm, rank=1).backward()
        z = 2 * x0
        _close(x.grad, 2 * 36 * w * w * z ** 3)
    else:
        z = mnf.recv(comm, rank=0)
        gz, = kusari.grad([F.sum(w * z ** 3)], [z], enable_double_backprop=True)
        F.sum(gz * gz).backward()          # d/dz (3 w z^2)^2 = 36 w^2 z^3


def case_allgather_gradient_and_double_backprop():
    comm = _comm()
    r = comm.rank
    w = _weights(2, 2, n=4)                 # w[2 * owner_of_loss + source]
    xr = numpy.array([[0.5, -0.4], [0.9, 0.2]]) + r
    x = kusari.Variable(xr)
    ys = mnf.allgather(comm, x)
    assert len(ys) == 2
    _close(ys[r].array, xr)
    loss = sum(F.sum(w[2 * r + s] * ys[s] ** 3) for s in range(2))
    gx, = kusari.grad([loss], [x], enable_double_backprop=True)
    c = w[r] + w[2 + r]                      # every rank's weight on this rank's x
    _close(gx.array, 3 * c * xr ** 2)
    F.sum(gx * gx).backward()               # (3 c x^2)^2 -> 36 c^2 x^3
    _close(x.grad, 36 * c * c * xr ** 3)


def case_alltoall_gradient_and_double_backprop():
    comm = _comm()
    r = comm.rank
    w = _weights(3, n=4)
    xs = [kusari.Variable(numpy.array([0.2, 0.4, 0.6]) * (1 + r + 2 * k)) for k in range(2)]
    ys = mnf.alltoall(comm, xs)
    for s in range(2):
        _close(ys[s].array, numpy.array([0.2, 0.4, 0.6]) * (1 + s + 2 * r))
    loss = sum(F.sum(w[2 * r + s] * ys[s] ** 3) for s in range(2))
    gxs = kusari.grad([loss], xs, enable_double_backprop=True)
    for k in range(2):      # xs[k] went to rank k, whose loss weights it with w[2k + r]
        _close(gxs[k].array, 3 * w[2 * k + r] * xs[k].array ** 2)
    F.sum(gxs[0] * gxs[0] + gxs[1]).backward()
    _close(xs[0].grad, 36 * w[r] ** 2 * xs[0].array ** 3)
    _close(xs[1].grad, 6 * w[2 + r] * xs[1].array)
    _raises(ValueError, lambda: mnf.alltoall(comm, xs[:1]), 'communicator size')


def case_allreduce_gradient_and_double_backprop():
    comm = _comm()
    r = comm.rank
    w = _weights(2, n=2)
    x = kusari.Variable(numpy.array([0.3, 0.7]) * (r + 1))
    total = numpy.array([0.3, 0.7]) * 3
    y = mnf.allreduce(comm, x)
    _close(y.array, total)
    gx, = kusari.grad([F.sum(w[r] * y ** 2)], [x], enable_double_backprop=True)
    _close(gx.array, 2 * (w[0] + w[1]) * total)       # every rank's loss sees x
    F.sum(gx * gx).backward()
    # P_r = sum (2 (w0 + w1) S)^2 on each rank, S = x_0 + x_1: dP/dx_r = 2 * 8 c^2 S
    c = w[0] + w[1]
    _close(x.grad, 2 * 8 * c * c * total)


def case_bcast_gather_scatter_gradients():
    comm = _comm()
    r = comm.rank
    w = _weights(2, 2, n=2)
    x0 = numpy.array([[1.0, 2.0], [3.0, -1.0]])
    # bcast: the root's gradient sums every rank's
    x = kusari.Variable(x0) if r == 0 else None
    y = mnf.bcast(comm, x, root=0)
    _close(y.array, x0)
    F.sum(w[r] * y * y).backward()
    if r == 0:
        _close(x.grad, 2 * (w[0] + w[1]) * x0)
    # gather: the root gets every rank's value; the gradients are scattered back
    xg = kusari.Variable(x0[r:r + 1] * 2)
    ys = mnf.gather(comm, xg, root=1)
    if r == 1:
        assert len(ys) == 2
        _close(ys[0].array, x0[:1] * 2)
        F.sum(ys[0] * 5.0 + ys[1] ** 2).backward()
        _close(xg.grad, 2 * xg.array)
    else:
        assert ys.shape == (0,)
        ys.backward()
        _close(xg.grad, 5.0)
    # scatter: part i to rank i; the gradients are gathered at the root
    parts = [kusari.Variable(x0[k] * (k + 1)) for k in range(2)]
    y = mnf.scatter(comm, parts if r == 0 else None, root=0)
    _close(y.array, x0[r] * (r + 1))
    F.sum(y ** 2).backward()
    if r == 0:
        for k in range(2):
            _close(parts[k].grad, 2 * parts[k].array)
