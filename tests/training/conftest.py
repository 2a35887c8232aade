"""A tiny regression problem (a hand-written Link with one Parameter) and a trainer for it."""
import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import datasets, iterators, optimizers, training


class TinyModel(kusari.Link):
    """y = x W; loss = mean squared error, reported as 'loss'."""

    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.w = kusari.Parameter(numpy.array([[0.5], [-0.5]], numpy.float32))

    def forward(self, x, t):
        d = F.matmul(x, self.w) - t
        loss = F.sum(d * d) / float(len(x))
        kusari.report({'loss': loss, 'n': float(len(x))}, self)
        return loss


def make_data(n=20, seed=0):
    rng = numpy.random.RandomState(seed)
    x = rng.randn(n, 2).astype(numpy.float32)
    t = (x @ numpy.array([[1.0], [2.0]], numpy.float32)).astype(numpy.float32)
    return datasets.TupleDataset(x, t)


def make_trainer(out, stop=(3, 'epoch'), n=20, batch=5, lr=0.05, seed=0, extensions=()):
    model = TinyModel()
    opt = optimizers.MomentumSGD(lr=lr).setup(model)
    sampler = iterators.ShuffleOrderSampler(numpy.random.RandomState(seed))
    it = iterators.SerialIterator(make_data(n), batch, order_sampler=sampler)
    updater = training.updaters.StandardUpdater(it, opt)
    trainer = training.Trainer(updater, stop, out=str(out))
    for ext in extensions:
        trainer.extend(ext)
    return trainer, model, opt


class FakeUpdater:
    """Just the attributes triggers read; ``step`` advances it like a real updater."""

    def __init__(self, iters_per_epoch=4):
        self.iteration = 0
        self.iters_per_epoch = iters_per_epoch
        self.previous_epoch_detail = None

    @property
    def epoch_detail(self):
        return self.iteration / self.iters_per_epoch

    @property
    def epoch(self):
        return self.iteration // self.iters_per_epoch

    def step(self):
        self.previous_epoch_detail = self.epoch_detail
        self.iteration += 1


class FakeTrainer:
    def __init__(self, iters_per_epoch=4):
        self.updater = FakeUpdater(iters_per_epoch)
        self.observation = {}
        self.elapsed_time = 0.0


@pytest.fixture
def tiny():
    """``make_trainer`` (a function building (trainer, model, optimizer))."""
    return make_trainer


@pytest.fixture
def fake_trainer():
    return FakeTrainer


@pytest.fixture
def tiny_model():
    """The TinyModel class."""
    return TinyModel


@pytest.fixture
def tiny_data():
    """``make_data(n=20, seed=0)``: a TupleDataset of (x, t) pairs."""
    return make_data
