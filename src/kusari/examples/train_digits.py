"""Train a small CNN with batch normalization on scikit-learn's 8x8 digits.

This is kusari's first command::

    python -m kusari.examples.train_digits

It trains for 20 epochs (a few seconds on a laptop CPU), printing a progress bar and a table
per epoch, and writes to ``--out`` (``result/`` by default):

- ``log``: the JSON log (loss and accuracy on the training and test sets, per epoch),
- ``curves.png``: the loss and accuracy curves,
- ``snapshot_iter_<N>``: trainer snapshots (the last three epochs),
- ``model.npz``: the trained model,

and ends with the accuracy on the 359 held-out test images.

Options: ``--epoch``, ``--batchsize``, ``--device`` (``-1`` or ``@numpy`` for the CPU,
``0`` or ``@cupy:0`` for a GPU), ``--out``, ``--resume SNAPSHOT`` (continue a stopped run; it
ends exactly as an uninterrupted run with the same ``--seed``), ``--seed``.
Needs scikit-learn (the digits data ships with it) and, for the plot, matplotlib:
``pip install 'kusari[examples]'``.
"""
import argparse
import os
import sys
import time

import numpy

import kusari
import kusari.functions as F
import kusari.links as L
from kusari import backend, datasets, iterators, optimizers, serializers, training
from kusari.training import extensions


class DigitsCNN(kusari.Chain):
    """conv3x3(32)-BN-ReLU, conv3x3(64)-BN-ReLU, 2x2 max pooling, linear(10).

    Input ``(N, 1, 8, 8)``; output ``(N, 10)`` class scores.
    """

    def __init__(self, n_class=10):
        super().__init__()
        with self.init_scope():
            self.conv1 = L.Convolution2D(1, 32, 3, pad=1, nobias=True)
            self.bn1 = L.BatchNormalization(32)
            self.conv2 = L.Convolution2D(32, 64, 3, pad=1, nobias=True)
            self.bn2 = L.BatchNormalization(64)
            self.fc = L.Linear(64 * 4 * 4, n_class)

    def forward(self, x):
        h = F.relu(self.bn1(self.conv1(x)))
        h = F.relu(self.bn2(self.conv2(h)))
        h = F.max_pooling_2d(h, 2)
        return self.fc(h)


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description='Train a CNN with batch normalization on the 8x8 digits of scikit-learn.')
    p.add_argument('--epoch', '-e', type=int, default=20, help='number of epochs')
    p.add_argument('--batchsize', '-b', type=int, default=32, help='minibatch size')
    p.add_argument('--device', '-d', default='-1',
                   help="device: -1 or @numpy (CPU), 0 or @cupy:0 (GPU 0)")
    p.add_argument('--out', '-o', default='result', help='output folder')
    p.add_argument('--resume', '-r', default=None, help='snapshot to resume from')
    p.add_argument('--seed', type=int, default=0, help='random seed')
    p.add_argument('--lr', type=float, default=0.05, help='learning rate (MomentumSGD)')
    p.add_argument('--train-size', type=int, default=None,
                   help='use only the first N training images (quick runs)')
    p.add_argument('--no-progress', action='store_true', help='do not show the progress bar')
    return p.parse_args(argv)


def _device(spec):
    try:
        return backend.get_device(int(spec))
    except ValueError:
        return backend.get_device(spec)


def main(argv=None):
    args = parse_args(argv)
    start = time.perf_counter()
    device = _device(args.device)
    numpy.random.seed(args.seed)

    train, test = datasets.get_digits()
    if args.train_size is not None:
        train = datasets.SubDataset(train, 0, min(args.train_size, len(train)))
    print('kusari {} | device {} | digits: {} train, {} test | {} epochs, batch {}'.format(
        kusari.__version__, device, len(train), len(test), args.epoch, args.batchsize))

    model = L.Classifier(DigitsCNN())
    model.to_device(device)
    optimizer = optimizers.MomentumSGD(lr=args.lr).setup(model)
    sampler = iterators.ShuffleOrderSampler(numpy.random.RandomState(args.seed))
    train_iter = iterators.SerialIterator(train, args.batchsize, order_sampler=sampler)
    test_iter = iterators.SerialIterator(test, 256, repeat=False, shuffle=False)

    updater = training.updaters.StandardUpdater(train_iter, optimizer, device=device)
    trainer = training.Trainer(updater, (args.epoch, 'epoch'), out=args.out)
    trainer.extend(extensions.Evaluator(test_iter, model, device=device))
    trainer.extend(extensions.ExponentialShift('lr', 0.85), trigger=(1, 'epoch'))
    trainer.extend(extensions.observe_lr())
    trainer.extend(extensions.LogReport())
    trainer.extend(extensions.snapshot(n_retains=3), trigger=(1, 'epoch'))
    trainer.extend(extensions.PlotReport(
        [['main/loss', 'validation/main/loss'], ['main/accuracy', 'validation/main/accuracy']],
        'epoch', filename='curves.png'))
    trainer.extend(extensions.PrintReport(
        ['epoch', 'main/loss', 'validation/main/loss', 'main/accuracy',
         'validation/main/accuracy', 'lr', 'elapsed_time']))
    if not args.no_progress:
        trainer.extend(extensions.ProgressBar(update_interval=10))
    if args.resume:
        serializers.load_npz(args.resume, trainer)
    trainer.run()

    serializers.save_npz(os.path.join(args.out, 'model.npz'), model)
    x, t = kusari.dataset.concat_examples(test[:], device)
    with kusari.using_config('train', False), kusari.no_backprop_mode():
        acc = float(F.accuracy(model.predictor(x), t).array)
    print('saved {} | wall time {:.1f} s'.format(os.path.join(args.out, 'model.npz'),
                                                 time.perf_counter() - start))
    print('test accuracy: {:.4f} ({} images)'.format(acc, len(test)))
    return acc


if __name__ == '__main__':
    main()
    sys.exit(0)
