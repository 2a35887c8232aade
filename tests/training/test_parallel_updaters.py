"""ParallelUpdater (one process, several devices) and MultiprocessParallelUpdater (CPU)."""
import os
import warnings

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import backend, datasets, iterators, optimizers, training
from kusari.training.updaters import multiprocess_parallel_updater as mpu


class Regression(kusari.Chain):
    """loss = mean((x W - t)^2), reported as 'loss'."""

    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l = kusari.links.Linear(3, 1, initialW=numpy.array([[0.5, -0.5, 0.25]]),
                                         nobias=True)

    def forward(self, x, t):
        loss = F.mean_squared_error(self.l(x), t)
        kusari.report({'loss': loss}, self)
        return loss


def _data(n=8, seed=0):
    rng = numpy.random.RandomState(seed)
    x = rng.randn(n, 3).astype(numpy.float32)
    t = (x @ numpy.array([[1.0], [2.0], [-1.0]], numpy.float32)).astype(numpy.float32)
    return x, t


def _grad(W, x, t):
    """Gradient in W of mean((x W^T - t)^2)."""
    d = x @ W.T - t
    return 2 * d.T @ x / d.size


def test_parallel_updater_sums_the_gradients_of_the_parts():
    x, t = _data()
    model = Regression()
    opt = optimizers.SGD(lr=0.1).setup(model)
    it = iterators.SerialIterator(datasets.TupleDataset(x, t), 8, shuffle=False)
    updater = training.updaters.ParallelUpdater(it, opt, devices={'main': '@numpy',
                                                                  'second': -1})
    other = updater._models['second']
    assert other is not model and updater._devices['second'] == backend.CpuDevice()
    W0 = model.l.W.array.copy()
    updater.update()
    expected = W0 - 0.1 * (_grad(W0, x[0::2], t[0::2]) + _grad(W0, x[1::2], t[1::2]))
    numpy.testing.assert_allclose(model.l.W.array, expected, rtol=1e-5)
    numpy.testing.assert_array_equal(other.l.W.array, model.l.W.array)
    assert updater.iteration == 1


def test_parallel_updater_in_a_trainer_reports_every_copy(tmp_path):
    x, t = _data(16)
    model = Regression()
    opt = optimizers.SGD(lr=0.05).setup(model)
    it = iterators.SerialIterator(datasets.TupleDataset(x, t), 4)
    updater = training.updaters.ParallelUpdater(it, opt, devices={'main': -1, 'b': -1,
                                                                  'c': '@numpy'})
    trainer = training.Trainer(updater, (3, 'epoch'), out=str(tmp_path))
    seen = []
    trainer.extend(lambda tr: seen.append(sorted(tr.observation)), trigger=(1, 'iteration'))
    trainer.run()
    assert seen[-1] == ['b/loss', 'c/loss', 'main/loss']
    losses = [float(F.mean_squared_error(model.l(x), t).array)]
    assert losses[0] < 1.0


def test_parallel_updater_with_models_and_errors():
    x, t = _data()
    it = iterators.SerialIterator(datasets.TupleDataset(x, t), 4)
    model, copy = Regression(), Regression()
    opt = optimizers.SGD().setup(model)
    up = training.updaters.ParallelUpdater(it, opt, models={'main': model, 'b': copy},
                                           devices={'main': -1, 'b': -1})
    assert up._models['b'] is copy
    with pytest.raises(ValueError, match='either models or devices must be given'):
        training.updaters.ParallelUpdater(it, opt)
    with pytest.raises(KeyError, match="devices must contain a 'main' key"):
        training.updaters.ParallelUpdater(it, opt, devices={'a': -1})
    with pytest.raises(KeyError, match='models and devices must have the same names'):
        training.updaters.ParallelUpdater(it, opt, models={'main': model},
                                          devices={'main': -1, 'b': -1})
    with pytest.raises(ValueError, match="models\\['main'\\] must be the target"):
        training.updaters.ParallelUpdater(it, opt, models={'main': copy}, devices={'main': -1})


def _mpu(n_devices=2, lr=0.1, optimizer=None, batch=4, n=8):
    x, t = _data(n)
    model = Regression()
    opt = (optimizer or optimizers.SGD(lr=lr)).setup(model)
    parts = datasets.split_dataset_n(datasets.TupleDataset(x, t), n_devices)
    its = [iterators.SerialIterator(p, batch, shuffle=False) for p in parts]
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        updater = training.updaters.MultiprocessParallelUpdater(
            its, opt, devices=['@numpy'] * n_devices)
    return updater, model, opt, x, t, w


def test_multiprocess_updater_matches_the_summed_gradient():
    updater, model, opt, x, t, w = _mpu()
    assert opt.lr == pytest.approx(0.05)
    assert any('optimizer.lr is changed to 0.05' in str(m.message) for m in w)
    W0 = model.l.W.array.copy()
    try:
        updater.update()
        W1 = W0 - 0.05 * (_grad(W0, x[0:4], t[0:4]) + _grad(W0, x[4:8], t[4:8]))
        numpy.testing.assert_allclose(model.l.W.array, W1, rtol=1e-5)
        updater.update()     # the subordinate must have got W1 before its second batch
        W2 = W1 - 0.05 * (_grad(W1, x[0:4], t[0:4]) + _grad(W1, x[4:8], t[4:8]))
        numpy.testing.assert_allclose(model.l.W.array, W2, rtol=1e-5)
        assert len(updater._workers) == 1 and updater._workers[0].is_alive()
    finally:
        updater.finalize()
    assert updater._workers == []


def test_multiprocess_updater_trains_in_a_trainer(tmp_path):
    updater, model, opt, x, t, _ = _mpu(n_devices=2, lr=0.2, batch=2, n=16)
    trainer = training.Trainer(updater, (5, 'epoch'), out=str(tmp_path))
    before = float(F.mean_squared_error(model.l(x), t).array)
    trainer.run()
    after = float(F.mean_squared_error(model.l(x), t).array)
    assert after < 0.1 * before
    assert updater._workers == []          # the trainer finalized the updater


@pytest.mark.parametrize('name,attr,factor', [('Adam', 'eps', 2), ('RMSpropGraves', 'eps', 4),
                                               ('MomentumSGD', 'lr', 0.5)])
def test_multiprocess_updater_adjusts_the_optimizer(name, attr, factor):
    opt = getattr(optimizers, name)()
    before = getattr(opt, attr)
    updater, *_ , w = _mpu(optimizer=opt)
    assert getattr(opt, attr) == pytest.approx(before * factor)
    assert any('optimizer.{} is changed'.format(attr) in str(m.message) for m in w)


def test_multiprocess_updater_reports_a_failing_subordinate():
    x, t = _data()
    model = Regression()
    opt = optimizers.SGD().setup(model)
    good = iterators.SerialIterator(datasets.TupleDataset(x, t), 4)
    bad = iterators.SerialIterator(datasets.TupleDataset(x[:, :2], t), 4)   # wrong width
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        updater = training.updaters.MultiprocessParallelUpdater([good, bad], opt,
                                                                devices=[-1, -1])
    try:
        with pytest.raises(RuntimeError, match='the process of device 1 failed: InvalidType'):
            updater.update()
    finally:
        updater.finalize()


class _ExitOnRead:
    """A dataset of 8 rows; reading any ends the reading process with exit code 3."""

    def __len__(self):
        return 8

    def __getitem__(self, index):
        os._exit(3)


def test_multiprocess_updater_reports_a_subordinate_that_ended():
    x, t = _data()
    opt = optimizers.SGD().setup(Regression())
    good = iterators.SerialIterator(datasets.TupleDataset(x, t), 4)
    fatal = iterators.SerialIterator(_ExitOnRead(), 4)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        updater = training.updaters.MultiprocessParallelUpdater([good, fatal], opt,
                                                                devices=[-1, -1])
    try:
        with pytest.raises(RuntimeError, match=r'MultiprocessParallelUpdater: the process of '
                           r'device 1 ended \(exit code 3\)'):
            updater.update()
    finally:
        updater.finalize()


def test_multiprocess_updater_argument_errors():
    x, t = _data()
    opt = optimizers.SGD().setup(Regression())
    it = iterators.SerialIterator(datasets.TupleDataset(x, t), 4)
    short = iterators.SerialIterator(datasets.TupleDataset(x[:4], t[:4]), 4)
    make = training.updaters.MultiprocessParallelUpdater
    with pytest.raises(ValueError, match='devices must be a dict, a list or a tuple, got '
                       'NoneType'):
        make([it], opt)
    with pytest.raises(ValueError, match='every device must be given'):
        make([it, it], opt, devices=[-1, None])
    with pytest.raises(ValueError, match='one iterator per device is needed, got 1 '
                       'iterators and 2 devices'):
        make([it], opt, devices=[-1, -1])
    with pytest.raises(ValueError, match=r'must have one length, got \[4, 8\]'):
        make([it, short], opt, devices=[-1, -1])
    with pytest.raises(ValueError, match="needs a 'main' entry"):
        make([it, it], opt, devices={'a': -1, 'b': -1})

    class FakeGpu(backend.Device):
        xp = object()
        name = '@fake:0'

        def __eq__(self, other):
            return self is other

    with pytest.raises(RuntimeError, match='runs it on CPU devices only, got @fake:0. Use '
                       'ParallelUpdater'):
        make([it, it], opt, devices={'main': -1, 'b': FakeGpu()})
    assert make.available() is True


def test_gather_on_cpu_raises():
    model = Regression()
    with pytest.raises(RuntimeError, match='gather_grads works only on GPU'):
        mpu.gather_grads(model)
    with pytest.raises(RuntimeError, match='gather_params works only on GPU'):
        mpu.gather_params(model)
    assert mpu.size_num_grads(model) == (3, 1)


@pytest.mark.gpu
def test_gather_and_scatter_on_gpu():
    cupy = pytest.importorskip('cupy')
    a, b = Regression(), Regression()
    a.to_device('@cupy:0')
    b.to_device('@cupy:0')
    a.l.W.array[...] = cupy.arange(3, dtype=cupy.float32).reshape(1, 3)
    a.l.W.grad = cupy.ones((1, 3), cupy.float32)
    mpu.scatter_params(b, mpu.gather_params(a))
    mpu.scatter_grads(b, mpu.gather_grads(a))
    cupy.testing.assert_array_equal(b.l.W.array, a.l.W.array)
    cupy.testing.assert_array_equal(b.l.W.grad, a.l.W.grad)


_NO_FINALIZE = '''
import warnings
import numpy
import kusari
import kusari.functions as F
from kusari import datasets, iterators, optimizers, training
warnings.simplefilter('ignore')


class Model(kusari.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l = kusari.links.Linear(3, 1)

    def forward(self, x, t):
        return F.mean_squared_error(self.l(x), t)


opt = optimizers.SGD().setup(Model())
x = numpy.ones((8, 3), numpy.float32)
parts = datasets.split_dataset_n(datasets.TupleDataset(x, x[:, :1]), 2)
its = [iterators.SerialIterator(p, 2) for p in parts]
up = training.updaters.MultiprocessParallelUpdater(its, opt, devices=[-1, -1])
up.update()
print('updated', flush=True)
'''


def test_multiprocess_updater_lets_the_interpreter_exit_without_finalize():
    import subprocess
    import sys
    out = subprocess.run([sys.executable, '-c', _NO_FINALIZE], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == 'updated'


def test_subordinates_end_when_the_main_process_is_killed():
    import os
    import subprocess
    import sys
    import time
    script = _NO_FINALIZE + ('print(up._workers[0].pid, flush=True)\n'
                             'import os, signal; os.kill(os.getpid(), signal.SIGKILL)\n')
    out = subprocess.run([sys.executable, '-c', script], capture_output=True, text=True,
                         timeout=120)
    pid = int(out.stdout.split()[-1])
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, 9)
        raise AssertionError('the subordinate process outlived the main one')
