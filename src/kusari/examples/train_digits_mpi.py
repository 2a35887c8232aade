"""The digits job of :mod:`kusari.examples.train_digits` on several processes (data parallel).

Run it under MPI (``pip install 'kusari[mpi,examples]'`` brings mpi4py, the MPICH wheel with
``mpiexec``, and scikit-learn)::

    mpiexec -n 2 python -m kusari.examples.train_digits_mpi

Every global batch of ``--batchsize`` examples is split over the processes (16 + 16 for the
default 32 on 2 processes); the batch normalization layers are
:class:`~kusari.chainermn.links.MultiNodeBatchNormalization` (statistics of the global
batch) and the multi-node optimizer averages the gradients. Together this is the same
computation as the one-process job: ``mpiexec -n 2`` ends with the test accuracy of
``python -m kusari.examples.train_digits`` (same ``--seed``), up to floating-point rounding.
Rank 0 loads the data, prints the progress and the report, and writes ``--out`` (``log``,
``model.npz``); the processes load the data and initialize the model identically from
``--seed``, and rank 0's parameters are broadcast before the first step.

Options: ``--epoch``, ``--batchsize`` (global), ``--communicator`` (``auto``: ``packed`` on
the CPU), ``--out``, ``--seed``, ``--lr``, ``--train-size``, ``--no-progress``.

The reported ``main/loss`` and ``main/accuracy`` are averaged over the processes every
iteration (those of the global batch); ``validation/*`` are the means of the per-process
means over disjoint halves of the test set.
"""
import argparse
import os
import sys
import time

import numpy

import kusari
import kusari.functions as F
import kusari.links as L
from kusari import chainermn, datasets, iterators, optimizers, serializers, training
from kusari.dataset.iterator import Iterator
from kusari.examples.train_digits import DigitsCNN
from kusari.training import extensions


class _RankShare(Iterator):
    """This process's share of every batch of an iterator that all processes run alike.

    With the same seeded order on every process, the global batch ``b`` is the same
    everywhere; process ``r`` of ``n`` takes ``b[len(b) * r // n : len(b) * (r + 1) // n]``.
    Epoch and position are those of the global iterator.
    """

    def __init__(self, iterator, rank, size):
        self.__dict__.update(iterator=iterator, rank=rank, size=size)

    def __next__(self):
        batch = self.iterator.__next__()
        n = len(batch)
        return batch[n * self.rank // self.size:n * (self.rank + 1) // self.size]

    next = __next__

    def __getattr__(self, name):
        return getattr(self.__dict__['iterator'], name)

    def serialize(self, serializer):
        self.iterator.serialize(serializer)

    def reset(self):
        self.iterator.reset()

    def finalize(self):
        self.iterator.finalize()


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description='Train the digits CNN on several processes under mpiexec.')
    p.add_argument('--epoch', '-e', type=int, default=20, help='number of epochs')
    p.add_argument('--batchsize', '-b', type=int, default=32,
                   help='global minibatch size (split over the processes)')
    p.add_argument('--communicator', '-c', default='auto',
                   help="ChainerMN communicator ('auto': 'packed' on the CPU)")
    p.add_argument('--out', '-o', default='result', help='output folder (rank 0)')
    p.add_argument('--seed', type=int, default=0, help='random seed')
    p.add_argument('--lr', type=float, default=0.05, help='learning rate (MomentumSGD)')
    p.add_argument('--train-size', type=int, default=None,
                   help='use only the first N training images (quick runs)')
    p.add_argument('--no-progress', action='store_true', help='do not show the progress bar')
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    start = time.perf_counter()
    comm = chainermn.create_communicator(args.communicator)
    if args.batchsize < comm.size:
        raise ValueError('--batchsize {} is smaller than the number of processes {}'.format(
            args.batchsize, comm.size))
    root = comm.rank == 0
    numpy.random.seed(args.seed)

    train, test = datasets.get_digits() if root else (None, None)
    train, test = comm.bcast_obj((train, test))
    if args.train_size is not None:
        train = datasets.SubDataset(train, 0, min(args.train_size, len(train)))
    if root:
        print('kusari {} | {} processes ({} communicator) | digits: {} train, {} test | '
              '{} epochs, global batch {}'.format(
                  kusari.__version__, comm.size, type(comm).__name__, len(train), len(test),
                  args.epoch, args.batchsize))

    model = L.Classifier(chainermn.links.create_mnbn_model(DigitsCNN(), comm))
    comm.bcast_data(model)                       # every process starts from rank 0's model
    optimizer = chainermn.create_multi_node_optimizer(optimizers.MomentumSGD(lr=args.lr), comm)
    optimizer.setup(model)
    optimizer.needs_broadcast = False            # done above: the first step is a real update
    sampler = iterators.ShuffleOrderSampler(numpy.random.RandomState(args.seed))
    train_iter = _RankShare(
        iterators.SerialIterator(train, args.batchsize, order_sampler=sampler),
        comm.rank, comm.size)
    test_iter = iterators.SerialIterator(
        chainermn.scatter_dataset(test if root else None, comm, force_equal_length=False),
        256, repeat=False, shuffle=False)

    updater = training.updaters.StandardUpdater(train_iter, optimizer)
    trainer = training.Trainer(updater, (args.epoch, 'epoch'), out=args.out)
    trainer.extend(chainermn.create_multi_node_evaluator(
        extensions.Evaluator(test_iter, model), comm))
    trainer.extend(extensions.ExponentialShift('lr', 0.85), trigger=(1, 'epoch'))
    for key in ('main/loss', 'main/accuracy'):   # report the global batch, not rank 0's share
        trainer.extend(chainermn.extensions.ObservationAggregator(comm, key),
                       name='aggregate ' + key)
    if root:
        trainer.extend(extensions.observe_lr())
        trainer.extend(extensions.LogReport())
        trainer.extend(extensions.PrintReport(
            ['epoch', 'main/loss', 'validation/main/loss', 'main/accuracy',
             'validation/main/accuracy', 'lr', 'elapsed_time']))
        if not args.no_progress:
            trainer.extend(extensions.ProgressBar(update_interval=10))
    trainer.run()

    # every process holds the same model; rank 0 scores it on the whole test set
    if root:
        serializers.save_npz(os.path.join(args.out, 'model.npz'), model)
        x, t = kusari.dataset.concat_examples(test[:])
        with kusari.using_config('train', False), kusari.no_backprop_mode():
            acc = float(F.accuracy(model.predictor(x), t).array)
        print('saved {} | wall time {:.1f} s'.format(os.path.join(args.out, 'model.npz'),
                                                     time.perf_counter() - start))
        print('test accuracy: {:.4f} ({} images)'.format(acc, len(test)))
    else:
        acc = None
    return comm.bcast_obj(acc)


if __name__ == '__main__':
    main()
    sys.exit(0)
