"""Tiny runs of the examples in src/kusari/examples/ (offline: MNIST and CIFAR-10 read
generated files)."""
import importlib
import os
import sys

import numpy
import pytest

import kusari
from kusari.dataset import download

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'datasets'))


def load(name):
    return importlib.import_module('kusari.examples.' + name)


@pytest.fixture
def root(tmp_path):
    old = download.get_dataset_root()
    download.set_dataset_root(str(tmp_path / 'data'))
    yield tmp_path
    download.set_dataset_root(old)


def test_iris(tmp_path):
    pytest.importorskip('sklearn')
    acc = load('iris_mlp').main(['--epoch', '20', '--out', str(tmp_path)])
    assert acc > 0.8


def test_mnist_mlp_on_generated_idx_files(root, monkeypatch):
    from test_dataset_loaders import make_mnist_files

    from kusari.datasets import mnist
    files, _ = make_mnist_files(str(root / 'data' / 'mnist'), n_train=30, n_test=10)
    monkeypatch.setattr(mnist, 'MNIST_FILES', files)
    acc = load('mnist_mlp').main(['--epoch', '1', '--unit', '8', '--batchsize', '10',
                                  '--out', str(root / 'out'), '--no-progress'])
    assert 0.0 <= acc <= 1.0
    assert {'log', 'loss.png', 'accuracy.png', 'snapshot_iter_3'} <= set(
        os.listdir(root / 'out'))


@pytest.mark.parametrize('name, extra', [('cifar10_resnet', ['--blocks', '1']),
                                         ('cifar10_vgg', ['--width', '4'])])
def test_cifar10_on_generated_archive(root, monkeypatch, name, extra):
    from test_dataset_loaders import cifar_records, make_cifar_archive

    from kusari.datasets import cifar
    rng = numpy.random.RandomState(0)
    members = {'cifar-10-batches-bin/data_batch_{}.bin'.format(i): cifar_records(4, 1, rng)
               for i in range(1, 6)}
    members['cifar-10-batches-bin/test_batch.bin'] = cifar_records(4, 1, rng)
    os.makedirs(root / 'data' / 'cifar')
    h = make_cifar_archive(str(root / 'data' / 'cifar' / 'cifar-10-binary.tar.gz'), members)
    entry = list(cifar.CIFAR_ARCHIVES['cifar-10'])
    entry[1] = h
    monkeypatch.setitem(cifar.CIFAR_ARCHIVES, 'cifar-10', tuple(entry))
    acc = load(name).main(['--epoch', '1', '--batchsize', '10', '--out', str(root / 'out'),
                           '--no-progress'] + extra)
    assert 0.0 <= acc <= 1.0
    assert 'curves.png' in os.listdir(root / 'out')


def test_wgan_gp_runs_and_penalty_is_second_order(tmp_path):
    mod = load('wgan_gp_2d')
    dist = mod.main(['--iteration', '3', '--batchsize', '32', '--n-critic', '2',
                     '--out', str(tmp_path)])
    assert numpy.isfinite(dist)
    # the penalty's gradient reaches the critic's parameters through the input gradient,
    # i.e. through a second-order derivative of the critic (batch normalization included)
    numpy.random.seed(0)
    critic = mod.Critic(16)
    x = kusari.Variable(numpy.random.randn(8, 2).astype(numpy.float32))
    g, = kusari.grad([kusari.functions.sum(critic(x))], [x], enable_double_backprop=True)
    penalty = kusari.functions.sum(g * g)
    critic.cleargrads()
    penalty.backward()
    assert critic.bn1.gamma.grad is not None and numpy.abs(critic.bn1.gamma.grad).sum() > 0
    assert numpy.abs(critic.l1.W.grad).sum() > 0


def test_maml_meta_gradient_matches_numerical():
    mod = load('maml_sine')
    numpy.random.seed(0)
    model = mod.SineMLP(n_hidden=5)
    for p in model.params():
        p.array = p.array.astype(numpy.float64) + 0.1 * numpy.random.randn(*p.shape)
    rng = numpy.random.RandomState(0)
    xs, ys = (a.astype(numpy.float64) for a in mod.sample_points(rng, 2.0, 0.5, 6))
    xq, yq = (a.astype(numpy.float64) for a in mod.sample_points(rng, 2.0, 0.5, 6))

    def meta_loss(create_graph=True):
        w = mod.adapt(model, xs, ys, 0.1, 2, create_graph)
        return kusari.functions.mean_squared_error(model.apply(xq, w), yq)

    loss = meta_loss()
    model.cleargrads()
    loss.backward()
    direction = [numpy.random.randn(*p.shape) for p in model.params()]
    analytic = sum(float((p.grad * d).sum()) for p, d in zip(model.params(), direction))
    eps = 1e-6
    values = []
    for sign in (1, -1):
        for p, d in zip(model.params(), direction):
            p.array += sign * eps * d
        values.append(float(meta_loss(False).array))
        for p, d in zip(model.params(), direction):
            p.array -= sign * eps * d
    numerical = (values[0] - values[1]) / (2 * eps)
    assert analytic == pytest.approx(numerical, rel=1e-4, abs=1e-8)
    # first-order MAML (no second derivatives) gives a different gradient
    w = mod.adapt(model, xs, ys, 0.1, 2, create_graph=False)
    model.cleargrads()
    kusari.functions.mean_squared_error(model.apply(xq, w), yq).backward()
    first = sum(float((p.grad * d).sum()) for p, d in zip(model.params(), direction))
    assert abs(first - numerical) > 1e-3 * abs(numerical)


def test_maml_short_run():
    before, after = load('maml_sine').main(['--iteration', '3', '--meta-batch', '2'])
    assert numpy.isfinite(before) and numpy.isfinite(after)
