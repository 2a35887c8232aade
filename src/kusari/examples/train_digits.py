"""Train a small CNN with batch normalization on scikit-learn's 8x8 digits.

kusari's main job. From a clone, after the README's set-up (``.venv`` holds kusari with the
``examples`` extra)::

    .venv/bin/python -m kusari.examples.train_digits [--epoch 20] [--batchsize 32] [--lr 0.05]
        [--device -1] [--out result] [--resume SNAPSHOT] [--fresh] [--seed 0]
        [--train-size N] [--no-progress] [--debug]

It trains for 20 epochs on the 1438 training images, showing a progress bar and a table per
epoch, evaluates on the 359 held-out test images after each epoch, and writes to ``--out``
(``result/`` by default):

- ``log``: the JSON log (loss and accuracy on the training and test sets, per epoch),
- ``curves.png``: the loss (log scale) and accuracy curves,
- ``snapshot_iter_<N>``: trainer snapshots after each epoch (the last three are kept),
- ``model.npz``: the trained model (``kusari.serializers.load_npz`` into a
  ``L.Classifier(DigitsCNN())``),

and ends with the accuracy on the test images (the table's last ``validation/main/accuracy``:
the whole test set is evaluated as one batch).

Interrupting it (Ctrl-C) ends with one line naming the last snapshot and the command that
continues the run. Running the same command again into an ``--out`` that holds snapshots
resumes from the newest one (its options must be those of the run that wrote it; a larger
``--epoch`` trains longer); ``--resume SNAPSHOT`` names the snapshot, ``--fresh`` deletes the
snapshots and starts over. A resumed run ends with exactly the parameters and log of an
uninterrupted one.

Errors are one line on standard error (exit status 2 for a bad option, 1 otherwise, 130 when
interrupted); ``--debug`` shows the traceback instead. Without a terminal (a log file, CI) the
progress bar is a line every 10 seconds. Needs scikit-learn (the digits ship with it) and, for
the plot, matplotlib: ``pip install 'kusari[examples]'``.
"""
import argparse
import json
import os
import re
import shlex
import sys
import tempfile
import time
import zipfile

import numpy

import kusari
import kusari.functions as F
import kusari.links as L
from kusari import backend, datasets, iterators, optimizers, serializers, training
from kusari.training import extension, extensions

PROG = 'python -m kusari.examples.train_digits'
NAME = 'train_digits'
SNAPSHOT = re.compile(r'snapshot_iter_(\d+)$')
# options a resumed run must share with the run that wrote the snapshot
SAME_OPTIONS = ('batchsize', 'lr', 'seed', 'train_size')
# snapshot entries of extensions that depend on the options or the installed extras: a
# snapshot without them (written with --no-progress, without matplotlib, by an older kusari)
# still loads
OPTIONAL_ENTRIES = ('extension_triggers/ProgressBar/', 'extensions/PlotReport/',
                    'extension_triggers/PlotReport/', 'extensions/options/',
                    'extension_triggers/options/')


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


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``train_digits: error: ... (see --help)``."""

    def error(self, message):
        self.exit(2, '{}: error: {} (see --help)\n'.format(NAME, message))


def _positive(kind):
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError('expected a positive {}, got {!r}'.format(
                'integer' if kind is int else 'number', text)) from None
        if not value > 0:
            raise argparse.ArgumentTypeError('expected a positive {}, got {}'.format(
                'integer' if kind is int else 'number', text))
        return value
    return parse


def _seed(text):
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value < 2 ** 32:
        raise argparse.ArgumentTypeError('expected an integer from 0 to 2**32 - 1, got {!r}'
                                         .format(text))
    return value


def _one_line(error):
    text = ' '.join(str(error).split())
    return text or type(error).__name__


EPILOG = '''outputs (in --out):
  log                 the JSON log: loss and accuracy on the training and test sets per epoch
  curves.png          the loss (log scale) and accuracy curves
  snapshot_iter_<N>   trainer snapshots after each epoch (the last three are kept)
  model.npz           the trained model

resuming: after Ctrl-C (or any stop), run the same command again: it continues from the
newest snapshot in --out and ends as an uninterrupted run would. --resume SNAPSHOT picks the
snapshot; --fresh deletes the snapshots in --out and starts over.'''


def make_parser():
    """The argument parser of the main job (one-line errors, exit status 2)."""
    p = _Parser(prog=PROG, formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
                allow_abbrev=False,
                description='Train a CNN with batch normalization on the 8x8 digits of '
                            'scikit-learn (offline)\nand print its accuracy on the 359 test '
                            'images.')
    p.add_argument('--epoch', '-e', type=_positive(int), default=20,
                   help='number of epochs (default: %(default)s)')
    p.add_argument('--batchsize', '-b', type=_positive(int), default=32,
                   help='minibatch size (default: %(default)s)')
    p.add_argument('--lr', type=_positive(float), default=0.05,
                   help='learning rate of MomentumSGD, times 0.85 after each '
                        'epoch (default: %(default)s)')
    p.add_argument('--device', '-d', default='-1',
                   help='-1 or @numpy for the CPU, 0 or @cupy:0 for GPU 0 (needs '
                        'CuPy) (default: %(default)s)')
    p.add_argument('--out', '-o', default='result', help='output folder (default: %(default)s)')
    start = p.add_mutually_exclusive_group()
    start.add_argument('--resume', '-r', metavar='SNAPSHOT', default=None,
                       help='continue from this snapshot (default: the newest in --out)')
    start.add_argument('--fresh', action='store_true',
                       help='delete the snapshots in --out and start over')
    p.add_argument('--seed', type=_seed, default=0,
                   help='seed of the initial weights and of the shuffling '
                        '(default: %(default)s)')
    p.add_argument('--train-size', type=_positive(int), default=None, metavar='N',
                   help='train on the first N training images only (quick runs; default: '
                        'all 1438)')
    p.add_argument('--no-progress', action='store_true', help='do not show the progress bar')
    p.add_argument('--debug', action='store_true',
                   help='show the traceback of an error instead of one line')
    return p


def _device(spec):
    try:
        return backend.get_device(int(spec))
    except ValueError:
        return backend.get_device(spec)


def _snapshots(folder):
    """``[(iteration, path)]`` of the trainer snapshots in ``folder``, oldest first."""
    if not os.path.isdir(folder):
        return []
    found = []
    for name in os.listdir(folder):
        m = SNAPSHOT.match(name)
        if m and os.path.isfile(os.path.join(folder, name)):
            found.append((int(m.group(1)), os.path.join(folder, name)))
    return sorted(found)


def _check_writable(folder):
    os.makedirs(folder, exist_ok=True)
    with tempfile.TemporaryFile(dir=folder):
        pass


class _Probe:
    """Reads the few entries that tell what an NPZ file is (through load_npz, which says
    what is wrong with a file that is not an NPZ archive)."""

    def serialize(self, serializer):
        for attr, key in (('iteration', 'updater/iteration'), ('model', 'predictor/conv1/W'),
                          ('snap_model', 'updater/model:main/predictor/conv1/W'),
                          ('epoch', 'updater/iterator:main/epoch'),
                          ('options', 'extensions/options/json')):
            setattr(self, attr, serializer(key, None))


def _read_snapshot_info(path):
    """The options (None if not stored), the epoch and the entry names of a snapshot of this
    job; ValueError if the file is not one."""
    probe = _Probe()
    serializers.load_npz(path, probe, strict=False)
    if probe.iteration is None:
        if probe.model is not None:
            raise ValueError('{} is a saved model, not a trainer snapshot: resume from a '
                             'snapshot_iter_<N> file'.format(path))
        raise ValueError('{} is not a trainer snapshot of this job'.format(path))
    if probe.snap_model is None:
        raise ValueError('{} is a trainer snapshot of another model, not of this job'
                         .format(path))
    options = None if probe.options is None else json.loads(str(probe.options))
    with zipfile.ZipFile(path) as z:
        keys = {n[:-4] if n.endswith('.npy') else n for n in z.namelist()}
    return options, int(probe.epoch), keys


class _Options(extension.Extension):
    """Keeps the run's options in its snapshots, so that a resume can check them."""

    trigger = 1, 'epoch'
    name = 'options'

    def __init__(self, options):
        self.options = options

    def __call__(self, trainer):
        pass

    def serialize(self, serializer):
        self.options = json.loads(str(serializer('json', json.dumps(self.options))))


def _resume_command(argv):
    """The command that continues this run: the same options without --resume / --fresh
    (a rerun resumes from the newest snapshot in --out)."""
    args, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a in ('--resume', '-r'):
            skip = True
            continue
        if a.startswith('--resume=') or (a.startswith('-r') and len(a) > 2) or a == '--fresh':
            continue
        args.append(a)
    python = sys.executable or 'python'
    rel = os.path.relpath(python)
    if not rel.startswith('..'):
        python = rel if os.sep in rel else os.path.join('.', rel)
    return shlex.join([python, '-m', 'kusari.examples.train_digits'] + args)


def _start_point(args, parser):
    """The snapshot to resume from (or None) and the entries it may lack, after checking it
    against the options; argparse errors for what the user must change."""
    if args.resume is not None:
        if not os.path.isfile(args.resume):
            parser.error('argument --resume/-r: no such file: {}'.format(args.resume))
        path = args.resume
    else:
        snaps = _snapshots(args.out)
        if args.fresh:
            for _, p in snaps:
                os.remove(p)
            return None, None
        if not snaps:
            return None, None
        path = snaps[-1][1]
    try:
        options, epoch, keys = _read_snapshot_info(path)
    except ValueError as e:
        if args.resume is not None:
            parser.error('argument --resume/-r: {}'.format(_one_line(e)))
        parser.error('cannot resume from the newest snapshot in {}: {}; pass --fresh to start '
                     'over there, or choose another --out'.format(args.out, _one_line(e)))

    def show(value):
        return 'all' if value is None else value
    if options is not None:
        differ = ['--{} {} (this command: {})'.format(k.replace('_', '-'), show(options[k]),
                                                      show(getattr(args, k)))
                  for k in SAME_OPTIONS if options.get(k) != getattr(args, k)]
        if differ:
            parser.error('{} was written by a run with {}; resume with its options, pass '
                         '--fresh to start over in {}, or choose another --out'.format(
                             path, ', '.join(differ), args.out))
    return path, (epoch, keys)


def run(args, parser, state):
    """Train as ``args`` say and return the test accuracy; ``state['trainer']`` is set as
    soon as the trainer exists (for the interruption message)."""
    start = time.perf_counter()
    try:
        device = _device(args.device)
    except Exception as e:
        parser.error('argument --device/-d: {}'.format(_one_line(e)))
    try:
        _check_writable(args.out)
    except OSError as e:
        parser.error('argument --out/-o: cannot write to {}: {}'.format(
            args.out, e.strerror or _one_line(e)))
    resume, info = _start_point(args, parser)

    numpy.random.seed(args.seed)
    train, test = datasets.get_digits()
    if args.train_size is not None:
        train = datasets.SubDataset(train, 0, min(args.train_size, len(train)))
    print('kusari {} | device {} | digits: {} train, {} test | {} epochs, batch {} | '
          'output {}'.format(kusari.__version__, device, len(train), len(test), args.epoch,
                             args.batchsize, args.out))

    model = L.Classifier(DigitsCNN())
    model.to_device(device)
    optimizer = optimizers.MomentumSGD(lr=args.lr).setup(model)
    sampler = iterators.ShuffleOrderSampler(numpy.random.RandomState(args.seed))
    train_iter = iterators.SerialIterator(train, args.batchsize, order_sampler=sampler)
    # the whole test set in one batch: the Evaluator's mean over batches is then the
    # accuracy over the test images, the number the last line prints
    test_iter = iterators.SerialIterator(test, len(test), repeat=False, shuffle=False)

    updater = training.updaters.StandardUpdater(train_iter, optimizer, device=device)
    trainer = training.Trainer(updater, (args.epoch, 'epoch'), out=args.out)
    state['trainer'] = trainer
    trainer.extend(_Options({k: getattr(args, k) for k in SAME_OPTIONS}))
    trainer.extend(extensions.Evaluator(test_iter, model, device=device))
    trainer.extend(extensions.ExponentialShift('lr', 0.85), trigger=(1, 'epoch'))
    trainer.extend(extensions.observe_lr())
    trainer.extend(extensions.LogReport())
    trainer.extend(extensions.snapshot(n_retains=3), trigger=(1, 'epoch'))
    if extensions.PlotReport.available():
        trainer.extend(extensions.PlotReport(
            [['main/loss', 'validation/main/loss'], ['main/accuracy', 'validation/main/accuracy']],
            'epoch', filename='curves.png', postprocess=style_curves))
    else:
        print("no curves.png: matplotlib is not installed (pip install 'kusari[examples]')")
    trainer.extend(extensions.PrintReport(
        ['epoch', 'main/loss', 'validation/main/loss', 'main/accuracy',
         'validation/main/accuracy', 'lr', 'elapsed_time']))
    if not args.no_progress:
        trainer.extend(extensions.ProgressBar(update_interval=10))

    if resume is not None:
        epoch, keys = info
        done = ' (the run is complete: --fresh trains again)' if epoch >= args.epoch else ''
        print('resuming from {} (after epoch {}){}'.format(resume, epoch, done))
        serializers.load_npz(resume, trainer, ignore_names=lambda k: (
            k not in keys and k.startswith(OPTIONAL_ENTRIES)))
    trainer.run(show_loop_exception_msg=args.debug)

    serializers.save_npz(os.path.join(args.out, 'model.npz'), model)
    x, t = kusari.dataset.concat_examples(test[:], device)
    with kusari.using_config('train', False), kusari.no_backprop_mode():
        hits = backend.CpuDevice().send(model.predictor(x).array.argmax(axis=1) == t)
    acc = float(numpy.count_nonzero(hits)) / len(test)
    print('saved {} | wall time {:.1f} s'.format(os.path.join(args.out, 'model.npz'),
                                                 time.perf_counter() - start))
    print('test accuracy: {:.4f} ({} of {} images)'.format(acc, numpy.count_nonzero(hits),
                                                          len(test)))
    return acc


def style_curves(figure, axes, summary):
    """PlotReport's postprocess: titles, axis labels, a log-scale loss, readable legends."""
    names = {'main/loss': 'training set', 'validation/main/loss': 'test set',
             'main/accuracy': 'training set', 'validation/main/accuracy': 'test set'}
    loss, acc = figure.axes
    loss.set_title('Loss (softmax cross entropy)')
    loss.set_ylabel('loss (log scale)')
    loss.set_yscale('log')
    acc.set_title('Accuracy')
    acc.set_ylabel('fraction classified correctly')
    for ax in (loss, acc):
        for line in ax.get_lines():
            line.set_label(names.get(line.get_label(), line.get_label()))
        ax.legend(loc='best')
    # the first epoch's accuracy, when far below the others, would flatten the rest: the
    # axis then starts near the lowest later value, and a note gives the points below it
    ys = [line.get_ydata() for line in acc.get_lines()]
    later = [v for y in ys for v in y[1:]]
    lowest = min((v for y in ys for v in y), default=1.0)
    if len(later) >= 2 * len(ys) and 1.0 - min(later) < 0.25 * (1.0 - lowest):
        bottom = max(0.0, min(later) - 0.1 * (1.0 - min(later)) - 0.005)
        acc.set_ylim(bottom, 1.0 + 0.1 * (1.0 - bottom))
        below = ['{} {:.2f}'.format(line.get_label(), y[0])
                 for line, y in zip(acc.get_lines(), ys) if len(y) and y[0] < bottom]
        if below:
            acc.text(0.98, 0.03, 'below the axis, epoch 1: ' + ', '.join(below),
                     transform=acc.transAxes, fontsize='small', ha='right')


def _interrupted(args, state, argv):
    trainer = state.get('trainer')
    command = _resume_command(argv)
    if trainer is None:
        return 'interrupted before training started; rerun: {}'.format(command)
    updater = trainer.updater
    if updater.epoch >= args.epoch:
        where = 'interrupted after training (iteration {})'.format(updater.iteration)
    else:
        where = 'interrupted in epoch {} of {} (iteration {})'.format(
            updater.epoch + 1, args.epoch, updater.iteration)
    snaps = _snapshots(args.out)
    if not snaps:
        return '{}, before the first snapshot (written after each epoch): nothing to ' \
               'resume; rerun: {}'.format(where, command)
    try:
        after = ' (after epoch {})'.format(_read_snapshot_info(snaps[-1][1])[1])
    except Exception:
        after = ''
    return '{}; the last snapshot is {}{}; resume with: {}'.format(
        where, snaps[-1][1], after, command)


def main(argv=None):
    """Run the main job with the options ``argv`` (``sys.argv[1:]`` by default); return the
    test accuracy.

    Errors and Ctrl-C end the process (``SystemExit``) with one line on standard error,
    unless ``--debug`` is given.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = make_parser()
    args = parser.parse_args(argv)
    state = {}
    try:
        return run(args, parser, state)
    except KeyboardInterrupt:
        if args.debug:
            raise
        sys.stdout.flush()
        sys.stderr.write('{}{}\n'.format('\n' if sys.stderr.isatty() else '',
                                          _interrupted(args, state, argv)))
        raise SystemExit(130) from None
    except (SystemExit, MemoryError):
        raise
    except Exception as e:
        if args.debug:
            raise
        sys.stdout.flush()
        sys.stderr.write('{}: error: {} ({}; --debug shows the traceback)\n'.format(
            NAME, _one_line(e), type(e).__name__))
        raise SystemExit(1) from None


if __name__ == '__main__':
    main()
    sys.exit(0)
