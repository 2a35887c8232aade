"""Communicator cases, run on 2 ranks by mpi_worker.py (see test_communicators.py)."""
import warnings

import numpy
from mpi4py import MPI

import kusari
import kusari.links as L
from kusari import chainermn
from kusari.chainermn.communicators import _communication_utility as util
from kusari.chainermn.communicators.naive_communicator import NaiveCommunicator
from kusari.chainermn.communicators.packed_communicator import PackedCommunicator

WORLD = MPI.COMM_WORLD


def _comms():
    return [NaiveCommunicator(WORLD), PackedCommunicator(WORLD)]


def _raises(exc, fn, match):
    try:
        fn()
    except exc as e:
        assert match in str(e), str(e)
        return
    raise AssertionError('{} not raised'.format(exc.__name__))


def case_ranks():
    comm = chainermn.create_communicator('naive')
    assert comm.rank == WORLD.rank and comm.size == WORLD.size == 2
    assert comm.inter_size == 1 and comm.inter_rank == 0     # one machine here
    assert comm.intra_size == 2 and comm.intra_rank == comm.rank
    ranks = util.init_ranks(WORLD)
    assert ranks == [comm.rank, comm.intra_rank, 2, 0, 1]


def case_auto_is_packed_on_cpu():
    comm = chainermn.create_communicator()
    assert type(comm) is PackedCommunicator
    assert comm.get_config('batched_copy') is True
    _raises(ValueError, lambda: chainermn.create_communicator(
        'packed', allreduce_grad_dtype=numpy.float16), 'pure_nccl')
    _raises(ValueError, lambda: chainermn.create_communicator('nope'), 'Unrecognized')


def case_send_recv_arrays_of_any_dtype():
    for comm in _comms():
        for dtype in (numpy.float16, numpy.float32, numpy.float64, numpy.int8, numpy.int64,
                      numpy.bool_, numpy.complex64):
            x = (numpy.arange(24).reshape(2, 3, 4) % 3).astype(dtype)
            strided = x[:, 1, ::2]                    # not contiguous
            if comm.rank == 0:
                comm.send(strided, dest=1, tag=3)
                comm.send((x, x[0]), dest=1, tag=4)
                comm.send(numpy.array(1, dtype), dest=1, tag=5)
            else:
                y = comm.recv(source=0, tag=3)
                assert y.dtype == dtype and y.shape == (2, 2)
                numpy.testing.assert_array_equal(y, strided)
                a, b = comm.recv(source=0, tag=4)
                numpy.testing.assert_array_equal(a, x)
                numpy.testing.assert_array_equal(b, x[0])
                z = comm.recv(source=0, tag=5)
                assert z.shape == () and z == 1


def case_send_refuses_mixed_dtypes_and_objects():
    comm = _comms()[0]
    _raises(TypeError, lambda: comm.send((numpy.ones(2, 'f'), numpy.ones(2)), 1 - comm.rank,
                                         0), 'one dtype')
    _raises(TypeError, lambda: comm.send(numpy.array([object()]), 1 - comm.rank, 0), 'object')


def case_collectives():
    for comm in _comms():
        r = comm.rank
        # bcast (the root gets its own array back)
        x = numpy.arange(6, dtype=numpy.float16).reshape(2, 3)
        y = comm.bcast(x if r == 0 else None, root=0)
        numpy.testing.assert_array_equal(y, x)
        y = comm.bcast(numpy.array(r + 10.0) if r == 1 else None, 1)    # root, positional
        assert float(y) == 11.0
        # gather: shapes and dtypes may differ
        mine = numpy.full((r + 1, 2), r, dtype=numpy.int32 if r else numpy.float64)
        got = comm.gather(mine, root=1)
        if r == 1:
            assert got[0].dtype == numpy.float64 and got[0].shape == (1, 2)
            numpy.testing.assert_array_equal(got[1], numpy.full((2, 2), 1))
        else:
            assert got is None
        # allgather
        got = comm.allgather(numpy.arange(r + 2, dtype=numpy.float32))
        assert [g.tolist() for g in got] == [[0, 1], [0, 1, 2]]
        # allreduce (float16 is summed in float32 and returned as float16)
        s = comm.allreduce(numpy.array([1.5, r], numpy.float16))
        assert s.dtype == numpy.float16 and s.tolist() == [3.0, 1.0]
        s = comm.allreduce(numpy.arange(3, dtype=numpy.int64) * (r + 1))
        assert s.tolist() == [0, 3, 6]
        s = comm.allreduce(numpy.array(2.0))
        assert s.shape == () and float(s) == 4.0
        # scatter: a tuple or an array with one entry per rank
        parts = (numpy.zeros((1, 2), 'f'), numpy.ones((3,), 'f'))
        y = comm.scatter(parts if r == 0 else None, root=0)
        numpy.testing.assert_array_equal(y, parts[r])
        table = numpy.arange(8).reshape(2, 4)
        y = comm.scatter(table if r == 1 else None, root=1)
        numpy.testing.assert_array_equal(y, table[r])
        # alltoall
        ys = comm.alltoall([numpy.full((k + 1,), 10 * r + k, 'f') for k in range(2)])
        assert [y.tolist() for y in ys] == [[float(r)] * (r + 1), [10.0 + r] * (r + 1)]


def case_collective_errors():
    comm = _comms()[0]
    _raises(ValueError, lambda: comm.alltoall([numpy.ones(1)]), 'one per rank')
    if comm.rank == 0:
        _raises(ValueError, lambda: comm.scatter((numpy.ones(1),), root=0), 'one per rank')
        _raises(ValueError, lambda: comm.scatter(numpy.ones((3, 2)), root=0), 'first axis')


def case_objects():
    comm = _comms()[1]
    if comm.rank == 0:
        comm.send_obj({'a': [1, 2]}, dest=1, tag=7)
    else:
        status = MPI.Status()
        assert comm.recv_obj(0, status=status) == {'a': [1, 2]}
        assert status.Get_tag() == 7 and status.Get_source() == 0
    big = numpy.arange(10000)
    got = comm.bcast_obj(big if comm.rank == 0 else None, max_buf_len=1000)
    numpy.testing.assert_array_equal(got, big)
    assert comm.bcast_obj(None, root=1) is None            # None is an object too
    assert comm.gather_obj(comm.rank * 2) == ([0, 2] if comm.rank == 0 else None)
    assert comm.allreduce_obj(comm.rank + 1) == 3
    _raises(AssertionError, lambda: util.chunked_bcast_obj(1, WORLD, max_buf_len=0), 'max_buf')


class _Model(kusari.Chain):

    def __init__(self, dtypes=('f', 'f', 'f')):
        super().__init__()
        with self.init_scope():
            self.a = L.Linear(2, 3, initialW=kusari.initializers.Normal(dtype=dtypes[0]),
                              initial_bias=kusari.initializers.Zero(dtype=dtypes[0]))
            self.b = L.Linear(3, 4, initialW=kusari.initializers.Normal(dtype=dtypes[1]),
                              initial_bias=kusari.initializers.Zero(dtype=dtypes[1]))
            self.c = L.Linear(None, 5, initialW=kusari.initializers.Normal(dtype=dtypes[2]),
                              initial_bias=kusari.initializers.Zero(dtype=dtypes[2]))


def case_bcast_data():
    for comm in _comms():
        model = _Model(('f', 'e', 'd'))
        for i, (_, p) in enumerate(sorted(model.namedparams())):
            if p.array is not None:
                p.array[...] = comm.rank * 10 + i
        comm.bcast_data(model)
        for i, (_, p) in enumerate(sorted(model.namedparams())):
            if p.array is not None:
                numpy.testing.assert_array_equal(p.array, i)


def _set_grads(model, rank, skip=()):
    for i, (name, p) in enumerate(sorted(model.namedparams())):
        if p.array is None:
            continue
        p.grad = None if name in skip else numpy.full(p.shape, rank * 10 + i + 1, p.dtype)


def case_mean_grad():
    for comm in _comms():
        for dtypes in (('f', 'f', 'f'), ('e', 'f', 'd')):
            model = _Model(dtypes)
            for _ in range(3):      # the packed buffer is reused from call to call
                _set_grads(model, comm.rank)
                comm.multi_node_mean_grad(model)
                for i, (_, p) in enumerate(sorted(model.namedparams())):
                    if p.array is not None:
                        assert p.grad.dtype == p.dtype
                        numpy.testing.assert_array_equal(p.grad, i + 6)   # (i+1 + i+11) / 2


def case_mean_grad_missing_and_zero_fill():
    for comm in _comms():
        model = _Model()
        _set_grads(model, comm.rank, skip=('/b/b',))       # skipped everywhere
        comm.multi_node_mean_grad(model)
        assert model.b.b.grad is None
        numpy.testing.assert_array_equal(model.a.W.grad, 6)
        # zero_fill: rank 1 has no gradient for a/W, which counts as zeros
        _set_grads(model, comm.rank, skip=('/a/W',) if comm.rank == 1 else ())
        comm.multi_node_mean_grad(model, zero_fill=True)
        numpy.testing.assert_array_equal(model.a.W.grad, 0.5)
        numpy.testing.assert_array_equal(model.a.b.grad, 7)


def case_packed_gradients_are_views_and_survive_layout_changes():
    comm = PackedCommunicator(WORLD)
    model = _Model()
    _set_grads(model, comm.rank)
    comm.multi_node_mean_grad(model)
    grads = [p.grad for _, p in sorted(model.namedparams()) if p.array is not None]
    buf = comm._buffers[numpy].array
    assert all(numpy.may_share_memory(g, buf) for g in grads)   # slices of the one buffer
    # in place updates of the views (zerograds-style training) are picked up
    for _, p in model.namedparams():
        if p.array is not None:
            p.grad[...] = comm.rank + 1
    comm.multi_node_mean_grad(model)
    numpy.testing.assert_array_equal(model.b.W.grad, 1.5)
    # a gradient that leaves the set shifts every later slice: views at old places must be
    # read before the buffer is overwritten
    for i, (_, p) in enumerate(sorted(model.namedparams())):
        if p.array is not None:
            p.grad[...] = 100 * i + comm.rank
    model.a.W.grad = None
    comm.multi_node_mean_grad(model)
    for i, (name, p) in enumerate(sorted(model.namedparams())):
        if p.array is not None and name != '/a/W':
            numpy.testing.assert_array_equal(p.grad, 100 * i + 0.5)


def case_debug_mode_finds_divergence_and_layout_mismatch():
    for comm in _comms():
        model = _Model()
        _set_grads(model, comm.rank)
        model.a.b.grad[0] = numpy.nan
        with kusari.using_config('debug', True):
            _raises(ValueError, lambda: comm.multi_node_mean_grad(model), 'diverged')
            other = _Model() if comm.rank == 0 else L.Linear(3, 3)
            _set_grads(other, comm.rank)
            _raises(ValueError, lambda: comm.multi_node_mean_grad(other), 'disagree')


def case_split():
    comm = chainermn.create_communicator('packed')
    sub = comm.split(comm.rank, 0)          # one communicator per rank
    assert type(sub) is PackedCommunicator and sub.size == 1 and sub.rank == 0
    model = _Model()
    _set_grads(model, comm.rank)
    sub.multi_node_mean_grad(model)        # a mean over one process
    numpy.testing.assert_array_equal(model.a.W.grad, comm.rank * 10 + 1)


def case_configs():
    comm = chainermn.create_communicator('naive', batched_copy=False)
    assert comm.batched_copy is False
    comm.set_config('batched_copy')
    assert comm.get_config('batched_copy') is True
    _raises(ValueError, lambda: comm.set_config('what'), 'Unknown config')
    with comm.config_scope():
        comm.foo = 3
    assert comm.get_config()['foo'] == 3
    assert 'foo' not in NaiveCommunicator(WORLD).get_config()      # per communicator
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        model = _Model()
        _set_grads(model, comm.rank)
        comm.allreduce_grad(model)
    assert any(issubclass(x.category, DeprecationWarning) for x in w)
