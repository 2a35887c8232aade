"""Training pieces on 2 ranks (see test_training.py)."""
import os
import tempfile
import warnings

import numpy
from mpi4py import MPI

import kusari
import kusari.functions as F
import kusari.links as L
from kusari import chainermn, datasets, iterators, optimizers, training
from kusari.chainermn import functions as mnf
from kusari.training import extensions

WORLD = MPI.COMM_WORLD


def _comm(name='packed'):
    return chainermn.create_communicator(name)


def _close(a, b, rtol=1e-12, atol=1e-12):
    numpy.testing.assert_allclose(numpy.asarray(a), numpy.asarray(b), rtol=rtol, atol=atol)


class _MLP(kusari.Chain):

    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(4, 5)
            self.l2 = L.Linear(5, 3)

    def forward(self, x):
        return self.l2(F.tanh(self.l1(x)))


def _toy_arrays(n=24, seed=0):
    rs = numpy.random.RandomState(seed)
    return rs.normal(size=(n, 4)).astype(numpy.float32), rs.randint(0, 3, n).astype('i')


def _toy_data(n=24, seed=0):
    return datasets.TupleDataset(*_toy_arrays(n, seed))


def case_data_parallel_sgd_equals_one_process():
    # 2 ranks with half of each global batch, averaged gradients == 1 process, whole batch
    comm = _comm()
    x, t = _toy_arrays()
    numpy.random.seed(comm.rank)          # different inits: rank 0's is broadcast
    model = L.Classifier(_MLP())
    model.to_device('@numpy')
    opt = chainermn.create_multi_node_optimizer(optimizers.SGD(lr=0.1), comm)
    opt.setup(model)
    ref = L.Classifier(_MLP())
    half = slice(6 * comm.rank, 6 * comm.rank + 6)
    for step in range(4):
        b = slice(12 * (step % 2), 12 * (step % 2) + 12)
        opt.update(model, x[b][half], t[b][half])
        if step == 0:
            assert opt.t == 0            # the first update broadcasts rank 0's model
            ref.copyparams(model)
            ref_opt = optimizers.SGD(lr=0.1).setup(ref)
            continue
        ref_opt.update(ref, x[b], t[b])
    for (n1, p1), (n2, p2) in zip(sorted(model.namedparams()), sorted(ref.namedparams())):
        assert n1 == n2
        _close(p1.array, p2.array, rtol=1e-5, atol=1e-6)
    arrays = WORLD.allgather(model.predictor.l1.W.array)
    numpy.testing.assert_array_equal(arrays[0], arrays[1])


def case_optimizer_rebroadcasts_when_the_model_grows_and_forwards_attributes():
    comm = _comm('naive')
    model = kusari.Chain()
    with model.init_scope():
        model.a = L.Linear(2, 2)
    opt = chainermn.create_multi_node_optimizer(optimizers.MomentumSGD(lr=0.5), comm)
    assert opt.setup(model) is opt
    assert opt.lr == 0.5
    opt.lr = 0.25
    assert opt.actual_optimizer.lr == 0.25
    opt.update()                        # broadcast
    with model.init_scope():
        model.b = L.Linear(2, 2)
    model.b.W.array[...] = comm.rank
    opt.setup(model)
    opt.update()                        # the set of parameters changed: broadcast again
    assert opt.t == 0
    numpy.testing.assert_array_equal(model.b.W.array, 0)
    for p in model.params():
        p.grad = numpy.full(p.shape, comm.rank, p.dtype)
    opt.update()
    assert opt.t == 1
    try:
        chainermn.create_multi_node_optimizer(optimizers.SGD(), comm, double_buffering=True)
    except ValueError as e:
        assert 'double buffering' in str(e) and 'pure_nccl' in str(e)
    else:
        raise AssertionError('double buffering accepted on the CPU')


def case_scatter_dataset_and_index():
    comm = _comm()
    for n in (0, 1, 7, 10):
        for shuffle in (False, True):
            for equal in (True, False):
                sub = chainermn.scatter_dataset(
                    list(range(n)) if comm.rank == 0 else None, comm, shuffle=shuffle,
                    seed=3, force_equal_length=equal)
                parts = WORLD.allgather(list(sub))
                if equal:
                    assert len(parts[0]) == len(parts[1]) == (n + 1) // 2
                    assert set(parts[0]) | set(parts[1]) == set(range(n))
                else:
                    assert sorted(parts[0] + parts[1]) == list(range(n))
    begin, end = chainermn.scatter_index(10, comm, root=1)
    assert (begin, end) == ((0, 5) if comm.rank == 0 else (5, 10))
    sub = chainermn.scatter_dataset(numpy.arange(5) if comm.rank == 1 else None, WORLD,
                                    root=1)                # an mpi4py communicator works too
    assert len(sub) == 3
    assert chainermn.datasets.create_empty_dataset(range(4)) == [(), (), (), ()]
    try:
        chainermn.scatter_dataset([1], comm, root=2)
    except ValueError as e:
        assert 'root' in str(e)
    else:
        raise AssertionError('root 2 accepted')


def case_multi_node_evaluator_averages_over_ranks():
    comm = _comm()
    model = L.Classifier(_MLP())
    comm.bcast_data(model)
    x, t = _toy_arrays(10, seed=1)
    mine = datasets.SubDataset(datasets.TupleDataset(x, t), 5 * comm.rank, 5 * comm.rank + 5)
    it = iterators.SerialIterator(mine, 5, repeat=False, shuffle=False)
    ev = chainermn.create_multi_node_evaluator(extensions.Evaluator(it, model), comm)
    result = ev()
    with kusari.using_config('train', False), kusari.no_backprop_mode():
        ys = [F.softmax_cross_entropy(model.predictor(x[k:k + 5]), t[k:k + 5])
              for k in (0, 5)]
    _close(result['main/loss'], (float(ys[0].array) + float(ys[1].array)) / 2, rtol=1e-6)


def case_generic_multi_node_evaluator():
    comm = _comm()

    class Summed(chainermn.extensions.GenericMultiNodeEvaluator):
        def calc_local(self, x):
            return float(numpy.sum(x))

        def aggregate(self, results):
            return sum(results)

    n = 23 if comm.rank == 0 else 5          # different numbers of batches per rank
    data = numpy.arange(n, dtype=numpy.float32) + 100 * comm.rank
    ev = Summed(comm, iterators.SerialIterator(data, 2, repeat=False, shuffle=False), None)
    total = ev()
    expected = sum(float(WORLD.allreduce(numpy.sum(data))) for _ in range(1))
    if comm.rank == 0:
        assert total == expected
    else:
        assert total is None
    plain = chainermn.extensions.GenericMultiNodeEvaluator(
        comm, iterators.SerialIterator(data, 4, repeat=False, shuffle=False),
        lambda x: len(x))
    got = plain()
    if comm.rank == 0:
        assert sum(got) == 28 and len(got) == 6 + 2


def case_allreduce_persistent_and_observation_aggregator():
    comm = _comm()
    model = kusari.Chain()
    with model.init_scope():
        model.bn = L.BatchNormalization(3)
    model.bn.avg_mean[...] = comm.rank
    model.bn.N = 5 + comm.rank
    chainermn.extensions.AllreducePersistent(model, comm)()
    _close(model.bn.avg_mean, 0.5)
    assert model.bn.N == 5 + comm.rank            # integers are left alone

    class _T:
        observation = {}
        updater = None

    agg = chainermn.extensions.ObservationAggregator(comm, 'x', 'x_mean')
    trainer = _T()
    trainer.observation = {'x': kusari.Variable(numpy.array(float(comm.rank)))}
    trainer.updater = type('U', (), {'iteration': 1, 'epoch': 0, 'epoch_detail': 0.1,
                                     'is_new_epoch': False, 'previous_epoch_detail': 0})()
    agg(trainer)
    assert isinstance(trainer.observation['x_mean'], kusari.Variable)
    _close(trainer.observation['x_mean'].array, 0.5)

    def broken(values):
        raise ValueError('no mean today')

    agg = chainermn.extensions.ObservationAggregator(comm, 'x', aggregator=broken)
    try:
        agg(trainer)                  # rank 0 fails: every rank raises, none waits
    except RuntimeError as e:
        assert 'no mean today' in str(e)
    else:
        raise AssertionError('no error')


def case_early_stopping_trigger_stops_every_rank_together():
    comm = _comm()
    trigger = chainermn.extensions.MultiNodeEarlyStoppingTrigger(
        comm, monitor='main/loss', patience=2, check_trigger=(1, 'iteration'),
        max_trigger=(100, 'iteration'))

    class _U:
        iteration = 0
        epoch = 0
        epoch_detail = 0.0
        previous_epoch_detail = 0.0
        is_new_epoch = False

    class _T:
        updater = _U()
        observation = {}

    t = _T()
    # rank 1 alone would stop at step 3; the mean over the ranks improves until step 5
    losses = {0: [8, 6, 4, 2, 1, 5, 6, 7], 1: [8, 9, 10, 1, .5, .5, .5, .5]}[comm.rank]
    fired = []
    for i, loss in enumerate(losses):
        t.updater.iteration = i + 1
        t.updater.epoch_detail = float(i + 1)
        t.observation = {'main/loss': numpy.float32(loss)}
        fired.append(bool(trigger(t)))
    assert fired.index(True) == 6, fired        # means 8 7.5 7 1.5 .75 2.75 3.25
    assert WORLD.allgather(fired)[0] == WORLD.allgather(fired)[1]


def case_checkpointer_resumes_from_the_last_common_iteration():
    comm = _comm()
    path = comm.bcast_obj(tempfile.mkdtemp(prefix='kusari-cp-') if comm.rank == 0 else None)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        cp = chainermn.create_multi_node_checkpointer('run', comm, path=path)
    model = L.Linear(2, 2)
    for it in (1, 2, 3):
        model.W.array[...] = it
        if not (comm.rank == 1 and it == 3):     # rank 1 "crashed" before saving 3
            cp.save(model, it)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        cp2 = chainermn.create_multi_node_checkpointer('run', comm, path=path)
    fresh = L.Linear(2, 2)
    opt = chainermn.create_multi_node_optimizer(optimizers.SGD(), comm).setup(fresh)
    cp2.maybe_load(fresh, opt)
    numpy.testing.assert_array_equal(fresh.W.array, 2)
    assert cp2.get_stats() == 'No stats available' and 'avg=' in cp.get_stats()
    cp.finalize()
    comm.mpi_comm.Barrier()
    assert not [f for f in os.listdir(path) if f.endswith('.{}.1'.format(comm.rank))]


def case_multi_node_snapshot_autoload():
    comm = _comm()
    out = comm.bcast_obj(tempfile.mkdtemp(prefix='kusari-snap-') if comm.rank == 0 else None)

    def trainer_and_model(n):
        model = L.Classifier(_MLP())
        opt = chainermn.create_multi_node_optimizer(optimizers.Adam(), comm).setup(model)
        data = chainermn.scatter_dataset(_toy_data() if comm.rank == 0 else None, comm)
        it = iterators.SerialIterator(data, 4)
        updater = training.updaters.StandardUpdater(it, opt)
        trainer = training.Trainer(updater, out=out)
        snap = chainermn.extensions.multi_node_snapshot(
            comm, extensions.snapshot(target=updater, autoload=True), [])
        snap.initialize(trainer)
        for _ in range(n):
            updater.update()
        return updater, snap, trainer

    updater, snap, trainer = trainer_and_model(3)
    assert snap.is_master == (comm.rank == 0)
    snap(trainer)
    comm.mpi_comm.Barrier()
    assert os.listdir(out) == ['snapshot_iter_3.0']         # only the master writes
    updater2, _, _ = trainer_and_model(0)
    assert updater2.iteration == 3                          # rank 1 got rank 0's snapshot


def case_multi_node_chain_list_matches_one_process():
    comm = _comm()

    class Part(kusari.Chain):
        def __init__(self, seed):
            super().__init__()
            with self.init_scope():
                w = numpy.random.RandomState(seed).normal(size=(3, 3)).astype('f')
                self.l = L.Linear(3, 3, initialW=w)

        def forward(self, x):
            return F.tanh(self.l(x))

    x = numpy.array([[0.1, -0.3, 0.5]], numpy.float32)
    model = chainermn.MultiNodeChainList(comm)
    if comm.rank == 0:      # part 0 -> rank 1 -> back to part 2 here
        model.add_link(Part(0), rank_in=None, rank_out=1)
        model.add_link(Part(2), rank_in=1, rank_out=None)
        y = model(x)
        F.sum(y * y).backward()
        whole = [Part(0), Part(1), Part(2)]
        h = x
        for p in whole:
            h = p(h)
        _close(y.array, h.array, rtol=1e-6)
        F.sum(h * h).backward()
        _close(model[0].l.W.grad, whole[0].l.W.grad, rtol=1e-5, atol=1e-7)
        _close(model[1].l.W.grad, whole[2].l.W.grad, rtol=1e-5, atol=1e-7)
    else:
        model.add_link(Part(1), rank_in=0, rank_out=0)
        model().backward()
    try:
        model.add_link(Part(3), rank_in=0, rank_out=None)
        model.add_link(Part(3), rank_in=0, rank_out=None)
    except ValueError as e:
        assert 'only one piece' in str(e)
    else:
        raise AssertionError('two outputs accepted')


def case_multi_node_n_step_rnn():
    comm = _comm()
    rnn = chainermn.links.create_multi_node_n_step_rnn(
        L.NStepLSTM(1, 3, 4, 0.0), comm, rank_in=None if comm.rank == 0 else 0,
        rank_out=1 if comm.rank == 0 else None)
    xs = [numpy.ones((2, 3), numpy.float32), numpy.ones((1, 3), numpy.float32)]
    hy, cy, ys, delegate = rnn(xs)
    assert hy.shape == (1, 2, 4) and len(ys) == 2
    if comm.rank == 0:
        loss, = mnf.pseudo_connect(delegate, F.sum(F.concat(ys, axis=0)))
    else:
        assert delegate is None
        loss = F.sum(hy) + F.sum(F.concat(ys, axis=0))
    loss.backward()
    assert rnn.actual_rnn.ws[0][0].grad is not None
    try:
        chainermn.links.create_multi_node_n_step_rnn(L.Linear(2, 2), comm)
    except ValueError as e:
        assert 'NStep' in str(e)
    else:
        raise AssertionError('a Linear accepted')


def case_multi_node_iterator_and_synchronized_iterator():
    comm = _comm()
    data = [(numpy.float32(i), numpy.int32(i % 3)) for i in range(10)]
    actual = iterators.SerialIterator(data, 3, shuffle=True) if comm.rank == 1 else None
    it = chainermn.iterators.create_multi_node_iterator(actual, comm, rank_master=1)
    seen = []
    for _ in range(7):
        batch = it.next()
        seen.append([int(a) for a, _ in batch])
        assert WORLD.allgather(seen[-1])[0] == WORLD.allgather(seen[-1])[1]
    assert it.epoch == 2 and abs(it.epoch_detail - 2.1) < 1e-12
    bad = chainermn.iterators.create_multi_node_iterator(
        iterators.SerialIterator(['a', 'b'], 1) if comm.rank == 0 else None, comm)
    try:
        bad.next()
    except TypeError as e:
        assert 'arrays' in str(e)
    else:
        raise AssertionError('strings accepted')
    sync = chainermn.iterators.create_synchronized_iterator(
        iterators.SerialIterator(numpy.arange(9), 4, shuffle=True), comm)
    for _ in range(5):
        b = [int(v) for v in sync.next()]
        assert WORLD.allgather(b)[0] == WORLD.allgather(b)[1]

    class Failing(iterators.SerialIterator):
        def __next__(self):
            raise OSError('disk gone')

    broken = chainermn.iterators.create_multi_node_iterator(
        Failing([numpy.float32(1)], 1) if comm.rank == 0 else None, comm)
    try:
        broken.next()
    except (OSError, RuntimeError) as e:      # the master's error, on every rank
        assert 'disk gone' in str(e)
    else:
        raise AssertionError('no error')
    try:
        chainermn.iterators.create_synchronized_iterator(object(), comm)
    except ValueError as e:
        assert 'order_sampler' in str(e)
    else:
        raise AssertionError('an iterator without order_sampler accepted')
