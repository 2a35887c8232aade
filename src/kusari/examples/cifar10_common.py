"""The training script shared by ``cifar10_resnet.py`` and ``cifar10_vgg.py``."""
import argparse

import numpy

import kusari.links as L
from kusari import backend, datasets, iterators, optimizers, serializers, training
from kusari.training import extensions


def _augment(example):
    """Random crop (4-pixel padding) and horizontal flip."""
    x, t = example
    xp = numpy.pad(x, ((0, 0), (4, 4), (4, 4)), mode='constant')
    i, j = numpy.random.randint(0, 9, size=2)
    x = xp[:, i:i + 32, j:j + 32]
    if numpy.random.rand() < 0.5:
        x = x[:, :, ::-1]
    return numpy.ascontiguousarray(x), t


def run(make_model, description, argv=None, default_out='result/cifar10', extra=()):
    """Parse the options (plus ``extra``: ``(flag, type, default, help)`` tuples), train
    ``L.Classifier(make_model(args))`` and return the final test accuracy."""
    p = argparse.ArgumentParser(description=description)
    for flag, typ, default, text in extra:
        p.add_argument(flag, type=typ, default=default, help=text)
    p.add_argument('--epoch', '-e', type=int, default=2)
    p.add_argument('--batchsize', '-b', type=int, default=64)
    p.add_argument('--lr', type=float, default=0.05)
    p.add_argument('--device', '-d', default='-1')
    p.add_argument('--out', '-o', default=default_out)
    p.add_argument('--resume', '-r', default=None)
    p.add_argument('--train-size', type=int, default=10000,
                   help='training images used (all 50000: 0)')
    p.add_argument('--test-size', type=int, default=2000, help='test images used (all: 0)')
    p.add_argument('--no-progress', action='store_true')
    args = p.parse_args(argv)
    device = backend.get_device(int(args.device) if args.device.lstrip('-').isdigit()
                                else args.device)

    train, test = datasets.get_cifar10()
    mean = numpy.mean([train[i][0] for i in range(min(len(train), 1000))], axis=0)

    def normalize(example):
        return example[0] - mean, example[1]

    if args.train_size:
        train = datasets.SubDataset(train, 0, min(args.train_size, len(train)))
    if args.test_size:
        test = datasets.SubDataset(test, 0, min(args.test_size, len(test)))
    train = datasets.TransformDataset(datasets.TransformDataset(train, normalize), _augment)
    test = datasets.TransformDataset(test, normalize)

    model = L.Classifier(make_model(args))
    model.to_device(device)
    optimizer = optimizers.MomentumSGD(args.lr).setup(model)
    from kusari import optimizer_hooks
    optimizer.add_hook(optimizer_hooks.WeightDecay(5e-4))
    train_iter = iterators.MultithreadIterator(train, args.batchsize, n_threads=2)
    test_iter = iterators.SerialIterator(test, 256, repeat=False, shuffle=False)
    updater = training.updaters.StandardUpdater(train_iter, optimizer, device=device)
    trainer = training.Trainer(updater, (args.epoch, 'epoch'), out=args.out)
    trainer.extend(extensions.Evaluator(test_iter, model, device=device))
    trainer.extend(extensions.ExponentialShift('lr', 0.5), trigger=(max(args.epoch // 2, 1),
                                                                    'epoch'))
    trainer.extend(extensions.snapshot(n_retains=2), trigger=(1, 'epoch'))
    trainer.extend(extensions.LogReport())
    trainer.extend(extensions.observe_lr())
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
    acc = trainer.get_extension('LogReport').log[-1]['validation/main/accuracy']
    print('test accuracy: {:.4f}'.format(acc))
    return acc
