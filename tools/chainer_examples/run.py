#!/usr/bin/env python
"""Run Chainer 7.8.1's example scripts, unmodified, against the package that ``import chainer``
resolves to (kusari's alias when kusari is installed), on small offline stand-in data.

    python tools/chainer_examples/run.py [-k PATTERN ...] [--list] [--python PY]
        [--mirror GITDIR] [--ref REF] [--out DIR] [--timeout S] [--nice N] [--keep]

The scripts are taken from ``examples/`` of a chainer/chainer git mirror at run time (``git
archive``), never copied into this repository. Each case copies its example folder into a fresh
working folder, writes the input files it needs there (``standins.write_*``), and runs each step
as ``PY child.py [--datasets ...] [--shims ...] -- SCRIPT ARGS`` under ``nice`` with a timeout.
The arguments are the scripts' own, set small (one epoch, few units, ``--device -1``); where a
script cannot be shortened from its command line, ``--max-iter`` caps its Trainer, and the table
says so. Results: a Markdown table on stdout and in ``DIR/summary.md``, ``DIR/results.json``,
one log per step in ``DIR/logs``.

This is a measurement (it needs the Chainer mirror, and takes ~10-30 minutes on 2 cores), not
part of CI. The scripts need a few third-party packages beside kusari: ``six`` (most
scripts), ``pillow`` (image datasets), ``matplotlib`` (PlotReport), ``h5py`` (serialization),
``nltk`` (seq2seq BLEU, POS tagging: the Brown corpus is a synthetic one in ``NLTK_DATA``),
``progressbar2`` (seq2seq), ``tqdm`` (WaveNet generation), ``pycocotools`` (image captioning),
``optuna<3`` with ``sqlalchemy<2`` and ``alembic<1.14`` (the Optuna examples), ``mpi4py`` +
``mpiexec`` (ChainerMN). A step whose package is missing is reported as skipped, naming it.
OpenAI Gym (old API) and librosa 0.6 are replaced by
the small stand-ins in ``shims/``. See README.md beside this file.
"""
import argparse
import fnmatch
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import standins  # noqa: E402

DEFAULT_MIRROR = os.environ.get('CHAINER_MIRROR', '/work/.mirror/chainer+chainer/repo')


class Step:
    """One script run: ``script`` (relative to the case folder, or ``pytest:FILE``) with
    ``args``; ``datasets``/``shims`` are the stand-ins installed in the child."""

    def __init__(self, script, args=(), datasets=(), shims=(), max_iter=0, stdin=None, mpi=0,
                 requires=(), label=None, skip=None, env=None):
        self.script = script
        self.args = list(args)
        self.datasets = tuple(datasets)
        self.shims = tuple(shims)
        self.max_iter = max_iter
        self.stdin = stdin
        self.mpi = mpi
        self.requires = tuple(requires)
        self.label = label
        self.skip = skip
        self.env = dict(env or {})


class Case:
    """Steps that share one working folder (a copy of ``folder`` of Chainer's examples/);
    ``prepare(work)`` writes the stand-in input files there."""

    def __init__(self, folder, steps, prepare=None, note=''):
        self.folder = folder
        self.steps = steps
        self.prepare = prepare
        self.note = note


def step_id(case, step):
    name = '{}/{}'.format(case.folder, step.script.replace('pytest:', ''))
    return name + (' [{}]'.format(step.label) if step.label else '')


CPU = ['-d', '-1']
MNIST_SMALL = ['-e', '1', '-u', '50']


def _imagenet(work):
    standins.write_image_list(work, n_images=8, n_classes=4)


def _imagenet_mn(work):
    standins.write_image_list(work, n_images=8, n_classes=4)


def _short_wav(work):
    standins.write_wavs(os.path.join(work, 'VCTK'), n_speakers=2, n_files=3, seconds=0.5)
    standins.write_wavs(os.path.join(work, 'short'), n_speakers=1, n_files=1, seconds=0.05)


def _mn_seq2seq(work):
    paths = standins.write_seq2seq(work, n_train=120, n_valid=20)
    os.makedirs(os.path.join(work, 'wmt', 'dev'), exist_ok=True)
    for split, side, dest in (('train', 'src', 'giga-fren.release2.fixed.en'),
                              ('train', 'tgt', 'giga-fren.release2.fixed.fr'),
                              ('valid', 'src', os.path.join('dev', 'newstest2013.en')),
                              ('valid', 'tgt', os.path.join('dev', 'newstest2013.fr'))):
        shutil.copy(paths[split, side], os.path.join(work, 'wmt', dest))


OPTUNA = ('optuna',)
OPTUNA_MNIST = {'CEX_MNIST_SIZES': '3000,1000'}


def _make_study_script(work):
    # the role of `optuna create-study --direction maximize --storage URL` (a helper of ours)
    with open(os.path.join(work, 'make_study.py'), 'w') as f:
        f.write('import sys\nimport optuna\n'
                "optuna.create_study(study_name=sys.argv[1], storage=sys.argv[2], "
                "direction='maximize')\n")


CAPTION_ARGS = ['--mscoco-root', 'data', '--max-iters', '2', '--batch-size', '2',
                '--val-keep-quantity', '5', '--val-iter', '2', '--log-iter', '1',
                '--snapshot-iter', '2']
CAPTION_REQ = ('PIL', 'pycocotools')


def _coco(work):
    standins.write_coco(os.path.join(work, 'data'))
    standins.write_vgg16_weights(os.path.join(work, '_dataset'))


IMAGENET_ARGS = ['-B', '2', '-b', '2', '-E', '1', '-R', 'images', '-j', '1']
# --a_channels stays 256: with 32 or 64 the example's mu-law (float32 / float64 under NumPy 2)
# maps a sample of -1.0 to the label -1, which Chainer's accuracy counts as a miss and
# kusari's accuracy refuses (README, differences)
WAVENET_NET = ['--n_loop', '1', '--n_layer', '3', '--r_channels', '8', '--s_channels', '16']
SEQ2SEQ_FILES = ['train.src.txt', 'train.tgt.txt', 'vocab.src.txt', 'vocab.tgt.txt',
                 '--validation-source', 'valid.src.txt',
                 '--validation-target', 'valid.tgt.txt']
MPI = dict(mpi=2, requires=('mpi4py',))

CASES = [
    Case('mnist', [
        Step('train_mnist.py', CPU + MNIST_SMALL, datasets=['mnist'],
             requires=['matplotlib']),
        Step('inference.py', CPU + ['-u', '50', '--snapshot', 'result/snapshot_iter_10'],
             datasets=['mnist']),
        Step('train_mnist_custom_loop.py', CPU + MNIST_SMALL, datasets=['mnist']),
        Step('train_mnist_data_parallel.py', ['-d', '-1', '-D', '-1'] + MNIST_SMALL,
             datasets=['mnist']),
        Step('train_mnist_data_parallel_updater.py',
             ['-d', '-1', '-1', '-j', '2'] + MNIST_SMALL, datasets=['mnist']),
        Step('train_mnist_model_parallel.py', ['-d', '-1', '-D', '-1'] + MNIST_SMALL,
             datasets=['mnist']),
    ]),
    Case('cifar', [
        Step('train_cifar.py', CPU + ['-e', '1', '-b', '32'], datasets=['cifar'],
             requires=['matplotlib']),
        Step('train_cifar.py', CPU + ['-e', '1', '-b', '32', '--dataset', 'cifar100'],
             datasets=['cifar'], requires=['matplotlib'], label='cifar100'),
        Step('train_cifar_custom_loop.py', CPU + ['-e', '1', '-b', '32'], datasets=['cifar']),
    ]),
    Case('static_graph_optimizations/mnist', [
        Step('train_mnist.py', CPU + MNIST_SMALL, datasets=['mnist'], requires=['matplotlib']),
        Step('train_mnist_custom_loop.py', CPU + MNIST_SMALL, datasets=['mnist']),
    ]),
    Case('static_graph_optimizations/cifar', [
        Step('train_cifar.py', CPU + ['-e', '1', '-b', '32'], datasets=['cifar'],
             requires=['matplotlib']),
        Step('train_cifar_custom_loop.py', CPU + ['-e', '1', '-b', '32'], datasets=['cifar']),
    ]),
    Case('static_graph_optimizations/ptb', [
        Step('train_ptb_custom_loop.py', CPU + ['-e', '1', '-u', '50', '-b', '10', '-l', '10'],
             datasets=['ptb']),
    ]),
    Case('ptb', [
        Step('train_ptb.py', CPU + ['-e', '1', '-u', '50', '-b', '10', '-l', '10'],
             datasets=['ptb'], requires=['matplotlib']),
        Step('gentxt.py', CPU + ['-m', 'model.npz', '-p', 'w1', '-u', '50', '--length', '10'],
             datasets=['ptb']),
        Step('train_ptb_custom_loop.py', CPU + ['-e', '1', '-u', '50', '-b', '10', '-l', '10'],
             datasets=['ptb']),
    ]),
    Case('word2vec', [
        Step('train_word2vec.py', CPU + ['-e', '1', '-u', '20', '-b', '200', '-m', 'skipgram',
                                         '--out-type', 'hsm'], datasets=['ptb'], label='hsm'),
        Step('search.py', ['--result', 'result'], stdin='w1\nw2\nnot-a-word\n'),
        Step('train_word2vec.py', CPU + ['-e', '1', '-u', '20', '-b', '200', '-m', 'cbow',
                                         '--out-type', 'ns'], datasets=['ptb'],
             label='cbow ns'),
        Step('train_word2vec.py', CPU + ['-e', '1', '-u', '20', '-b', '200', '-m', 'skipgram',
                                         '--out-type', 'original'], datasets=['ptb'],
             label='original'),
    ]),
    Case('vae', [
        Step('train_vae.py', CPU + ['-e', '1', '--dim-h', '50', '-z', '5', '-b', '100'],
             datasets=['mnist'], requires=['matplotlib']),
    ]),
    Case('pos', [
        Step('postagging.py', CPU + ['-e', '1', '-b', '10'], requires=['nltk']),
    ], prepare=lambda work: standins.write_brown_corpus(os.path.join(work, 'nltk_data'))),
    Case('dcgan', [
        Step('train_dcgan.py', CPU + ['-e', '1', '-b', '32', '-n', '20',
                                      '--snapshot_interval', '4', '--display_interval', '2'],
             datasets=['cifar'], requires=['PIL'], label='cifar10'),
        Step('train_dcgan.py', CPU + ['-e', '1', '-b', '8', '-n', '20', '-i', 'images',
                                      '--snapshot_interval', '2', '--display_interval', '1'],
             requires=['PIL'], label='image folder'),
    ], prepare=lambda work: standins.write_images(
        os.path.join(work, 'images'), ['im{:02d}.png'.format(i) for i in range(16)],
        (32, 32), seed=19)),
    Case('imagenet', [
        Step('compute_mean.py', ['train.txt', '-R', 'images'], requires=['PIL']),
        Step('train_imagenet.py', CPU + ['-a', 'nin', '--test'] + IMAGENET_ARGS
             + ['train.txt', 'val.txt'], requires=['PIL'], label='nin --test'),
        Step('train_imagenet.py', CPU + ['-a', 'alex'] + IMAGENET_ARGS
             + ['train.txt', 'val.txt'], requires=['PIL'], label='alex'),
        Step('train_imagenet.py', CPU + ['-a', 'googlenet'] + IMAGENET_ARGS
             + ['train.txt', 'val.txt'], requires=['PIL'], label='googlenet'),
        Step('train_imagenet.py', CPU + ['-a', 'googlenetbn'] + IMAGENET_ARGS
             + ['train.txt', 'val.txt'], requires=['PIL'], label='googlenetbn'),
        Step('train_imagenet.py', CPU + ['-a', 'resnet50'] + IMAGENET_ARGS
             + ['train.txt', 'val.txt'], requires=['PIL'], label='resnet50'),
        Step('train_imagenet.py', CPU + ['-a', 'resnext50'] + IMAGENET_ARGS
             + ['train.txt', 'val.txt'], requires=['PIL'], label='resnext50'),
        Step('train_imagenet.py', ['-a', 'resnet50_nhwc'], label='resnet50_nhwc',
             skip="needs cuDNN: compute_mode 'cudnn_fast' and NHWC memory layouts (Chainer "
             '7.8.1 refuses them on the CPU)'),
        Step('train_imagenet_data_parallel.py', ['-d', '-1', '-1', '-a', 'nin'] + IMAGENET_ARGS
             + ['train.txt', 'val.txt'], requires=['PIL'], label='nin'),
        Step('train_imagenet.py', ['--dali'], label='--dali',
             skip='DALI needs NVIDIA DALI and a GPU'),
    ], prepare=_imagenet),
    Case('memnn', [
        Step('train_memnn.py', CPU + ['qa1_train.txt', 'qa1_test.txt', '-e', '2', '-b', '20',
                                      '-m', 'model']),
        Step('test_memnn.py', CPU + ['model', 'qa1_test.txt']),
        Step('train_memnn.py', CPU + ['qa1_train.txt', 'qa1_test.txt', '-e', '1', '-b', '20',
                                      '-m', 'model_pe', '--sentence-repr', 'pe'],
             label='pe'),
    ], prepare=lambda work: standins.write_babi(work)),
    Case('seq2seq', [
        Step('seq2seq.py', CPU + SEQ2SEQ_FILES + ['-e', '1', '-u', '32', '-l', '1', '-b', '32',
                                                  '--log-interval', '2',
                                                  '--validation-interval', '4'],
             requires=['nltk', 'progressbar']),
        Step('seq2seq.py', CPU + SEQ2SEQ_FILES + ['-e', '1', '-u', '32', '-l', '1', '-b', '32',
                                                  '--log-interval', '2',
                                                  '--validation-interval', '4',
                                                  '--use-dataset-api'],
             requires=['nltk', 'progressbar'], label='dataset api'),
    ], prepare=lambda work: standins.write_seq2seq(work)),
    Case('sentiment', [
        Step('train_sentiment.py', CPU + ['-e', '2', '-u', '10', '-b', '10', '-p', '1']),
        Step('train_recursive_minibatch.py', CPU + ['-e', '2', '-u', '10', '-b', '10',
                                                    '-p', '1']),
        Step('pytest:test_thin_stack.py', ['-q', '-p', 'no:cacheprovider', '-m', 'not gpu'],
             requires=['pytest']),
    ], prepare=lambda work: standins.write_sentiment(work)),
    Case('reinforcement_learning', [
        Step('dqn_cartpole.py', CPU + ['-e', '5', '-b', '16', '-u', '20',
                                       '--replay-start-size', '50', '--no-record'],
             shims=['gym']),
        Step('dqn_cartpole.py', CPU + ['-e', '3', '-b', '16', '-u', '20',
                                       '--replay-start-size', '50', '--no-record',
                                       '--target-type', 'double_dqn'],
             shims=['gym'], label='double_dqn'),
        Step('ddpg_pendulum.py', CPU + ['-e', '2', '-b', '16', '-u', '20',
                                        '--replay-start-size', '50', '--no-record'],
             shims=['gym']),
    ]),
    Case('text_classification', [
        Step('train_text_classifier.py', CPU + ['-e', '1', '-b', '32', '-u', '20',
                                                '--dataset', 'dbpedia', '--model', 'cnn'],
             label='dbpedia cnn'),
        Step('run_text_classifier.py', CPU + ['--model-setup', 'result/args.json'],
             stdin='the cat sees topic3\na big dog topic1\n\n'),
        Step('train_text_classifier.py', CPU + ['-e', '1', '-b', '32', '-u', '20',
                                                '--dataset', 'stsa.binary', '--model', 'rnn',
                                                '-o', 'result_rnn'], label='stsa rnn'),
        Step('train_text_classifier.py', CPU + ['-e', '1', '-b', '32', '-u', '20',
                                                '--dataset', 'stsa.binary', '--model', 'bow',
                                                '--char-based', '-o', 'result_bow'],
             label='stsa bow char'),
        Step('train_text_classifier.py', CPU + ['-e', '1', '-b', '32', '-u', '20',
                                                '--dataset', 'imdb.fine', '--model', 'cnn',
                                                '-o', 'result_imdb'], label='imdb.fine cnn'),
    ], prepare=lambda work: standins.write_text_classification(os.path.join(work, '_dataset')),
        note='the script calls int() on 1-element label arrays, an error from NumPy 2.4 on: '
        'run it with --python of a NumPy 2.3 environment'),
    Case('glance', [Step('glance.py', [], requires=['matplotlib'])],
         note='real data: mushrooms.csv ships with the example'),
    Case('serialization', [
        Step('save.py', [], requires=['h5py']),
        Step('load.py', [], requires=['h5py']),
    ]),
    Case('wavenet', [
        Step('train.py', CPU + ['-i', 'VCTK', '-e', '1', '-b', '2', '-l', '1024', '--process',
                                '1', '--prefetch', '1', '--display_interval', '1',
                                '--snapshot_interval', '2'] + WAVENET_NET,
             shims=['librosa'], requires=['matplotlib']),
        Step('generate.py', CPU + ['-i', 'short/wav48/p225/p225_000.wav',
                                   '-m', 'result/snapshot_iter_2'] + WAVENET_NET,
             shims=['librosa'], requires=['tqdm']),
    ], prepare=_short_wav),
    Case('pix2pix', [
        # the snapshot-interval visualizer (facade_visualizer.out_image) calls .get() on its
        # arrays, which works on the GPU only: it is left out of the 3 iterations
        Step('train_facade.py', CPU + ['-e', '1', '-i', 'facade/base', '--snapshot_interval',
                                       '1000', '--display_interval', '1'],
             max_iter=3, requires=['PIL']),
    ], prepare=lambda work: standins.write_facade(os.path.join(work, 'facade', 'base'))),
    Case('chainermn/mnist', [
        Step('train_mnist.py', ['--communicator', 'naive'] + MNIST_SMALL, datasets=['mnist'],
             **MPI),
        Step('train_mnist_model_parallel.py', MNIST_SMALL, datasets=['mnist'], **MPI),
        Step('train_mnist_dual_parallel.py', MNIST_SMALL, datasets=['mnist'],
             mpi=4, requires=['mpi4py']),
    ]),
    Case('chainermn/cifar', [
        Step('train_cifar.py', ['--communicator', 'naive', '-e', '1', '-b', '16'],
             datasets=['cifar'], **MPI),
    ]),
    Case('chainermn/parallel_convolution', [
        Step('train.py', ['-e', '1', '-b', '16'], datasets=['cifar'], **MPI),
    ]),
    Case('chainermn/dcgan', [
        Step('train_dcgan.py', ['--communicator', 'naive', '-e', '1', '-b', '16', '-n', '20',
                                '--snapshot_interval', '4', '--display_interval', '2'],
             datasets=['cifar'], **MPI),
    ]),
    Case('chainermn/imagenet', [
        Step('compute_mean.py', ['train.txt', '-R', 'images'], requires=['PIL']),
        Step('train_imagenet.py', ['--communicator', 'naive'], mpi=2,
             skip='needs a GPU: the script raises "ImageNet requires GPU support" without CUDA'),
    ], prepare=_imagenet_mn),
    Case('chainermn/seq2seq', [
        Step('seq2seq.py', ['--communicator', 'naive', '-i', 'wmt', '-u', '32', '-b', '16',
                            '--stop', '1e'], mpi=2, requires=['mpi4py', 'nltk', 'progressbar']),
        Step('seq2seq_mp1.py', ['--communicator', 'naive', '-i', 'wmt', '-u', '32', '-b', '16',
                                '--stop', '1e'], mpi=2,
             requires=['mpi4py', 'nltk', 'progressbar']),
    ], prepare=_mn_seq2seq),
    Case('image_captioning', [
        Step('train.py', CPU + CAPTION_ARGS + ['--rnn', 'nsteplstm'], requires=CAPTION_REQ,
             label='nsteplstm'),
        Step('predict.py', CPU + ['--mscoco-root', 'data', '--rnn', 'nsteplstm', '--model',
                                  'result/model_2', '--img-dir', 'data/val2014'],
             requires=CAPTION_REQ),
        Step('train.py', CPU + CAPTION_ARGS + ['--rnn', 'lstm', '--out', 'result_lstm'],
             requires=CAPTION_REQ, label='lstm'),
    ], prepare=_coco, note='VGG16 weights: a zero-weight stand-in npz with Chainer\'s keys'),
    Case('caffe_export', [
        Step('export.py', [], skip='chainer.exporters.caffe (Caffe export, needs protobuf) is '
             'not in kusari'),
    ]),
    Case('modelzoo', [
        Step('evaluate_caffe_net.py', [], skip='chainer.links.caffe (CaffeFunction, reading '
             '.caffemodel files through protobuf) is not in kusari; it evaluates downloaded '
             'pretrained Caffe models'),
    ]),
    Case('optuna', [
        # 100 (25) trials of 10 epochs each: every trial's Trainer is capped at one epoch
        # (24 iterations of 128 of the 3000 examples); the ChainerMN studies are created in
        # an SQLite file first, as the scripts' docstrings do with `optuna create-study`
        Step('chainer_simple.py', [], datasets=['mnist'], max_iter=24, requires=OPTUNA,
             env=OPTUNA_MNIST),
        Step('chainer_integration.py', [], datasets=['mnist'], max_iter=24, requires=OPTUNA,
             env=OPTUNA_MNIST),
        Step('make_study.py', ['simple', 'sqlite:///study.db'], requires=OPTUNA),
        Step('chainermn_simple.py', ['simple', 'sqlite:///study.db'], datasets=['mnist'],
             max_iter=24, mpi=2, requires=OPTUNA + ('mpi4py',), env=OPTUNA_MNIST),
        Step('make_study.py', ['integration', 'sqlite:///study.db'], requires=OPTUNA,
             label='integration'),
        Step('chainermn_integration.py', ['integration', 'sqlite:///study.db'],
             datasets=['mnist'], max_iter=24, mpi=2, requires=OPTUNA + ('mpi4py',),
             env=OPTUNA_MNIST),
    ], prepare=_make_study_script,
        note="needs Optuna 2.x (pip install 'optuna<3' 'sqlalchemy<2' 'alembic<1.14'): "
        'Optuna 3 moved the Chainer integration out'),
]


def _missing(requires, python):
    missing = []
    for name in requires:
        if python == sys.executable:
            found = importlib.util.find_spec(name) is not None
        else:
            found = subprocess.run(
                [python, '-c', 'import importlib.util,sys; sys.exit(importlib.util.find_spec('
                 '{!r}) is None)'.format(name)]).returncode == 0
        if not found:
            missing.append(name)
    return missing


def _extract(mirror, ref, dest):
    archive = subprocess.run(['git', '--git-dir', mirror, 'archive', ref, 'examples'],
                             check=True, stdout=subprocess.PIPE).stdout
    subprocess.run(['tar', '-x', '-C', dest], input=archive, check=True)
    return os.path.join(dest, 'examples')


def _last_error(text):
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    for ln in reversed(lines):
        if ('Error' in ln or 'Exception' in ln) and not ln.startswith(' '):
            return ln.strip()[:300]
    return lines[-1].strip()[:300] if lines else ''


def run_step(case, step, work, opts, log_dir):
    sid = step_id(case, step)
    record = {'id': sid, 'script': '{}/{}'.format(case.folder, step.script),
              'args': step.args, 'stubbed': stubbed(case, step)}
    if step.skip:
        record.update(result='skip', reason=step.skip)
        return record
    missing = _missing(step.requires, opts.python)
    if missing:
        record.update(result='skip', reason='missing package(s): ' + ', '.join(missing))
        return record
    if step.script.startswith('pytest:'):
        target = ['-m', 'pytest', step.script.split(':', 1)[1]] + step.args
    else:
        flags = []
        if step.datasets:
            flags += ['--datasets', ','.join(step.datasets)]
        if step.shims:
            flags += ['--shims', ','.join(step.shims)]
        if step.max_iter:
            flags += ['--max-iter', str(step.max_iter)]
        target = [os.path.join(HERE, 'child.py')] + flags + ['--', step.script] + step.args
    cmd = [opts.python] + target
    if step.mpi:
        mpiexec = shutil.which('mpiexec', path=os.path.dirname(opts.python)) or \
            shutil.which('mpiexec')
        if mpiexec is None:
            record.update(result='skip', reason='no mpiexec')
            return record
        cmd = [mpiexec, '-n', str(step.mpi)] + cmd
    cmd = ['nice', '-n', str(opts.nice)] + cmd
    env = dict(os.environ)
    env.update(KUSARI_DATASET_ROOT=os.path.join(work, '_dataset'),
               CHAINER_DATASET_ROOT=os.path.join(work, '_dataset'),
               NLTK_DATA=os.path.join(work, 'nltk_data'), MPLBACKEND='Agg',
               PYTHONUNBUFFERED='1', OMP_NUM_THREADS=env.get('OMP_NUM_THREADS', '1'))
    env.update(step.env)
    log_path = os.path.join(log_dir, sid.replace('/', '__').replace(' ', '_')
                            .replace('[', '').replace(']', '') + '.log')
    start = time.monotonic()
    with open(log_path, 'w') as log:
        log.write('$ cd {}\n$ {}\n\n'.format(work, ' '.join(cmd)))
        log.flush()
        # a session of its own, so that a timeout ends mpiexec's ranks and loader processes
        proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.PIPE, start_new_session=True)
        try:
            proc.communicate((step.stdin or '').encode(), timeout=opts.timeout)
            rc = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            rc = None
    elapsed = time.monotonic() - start
    with open(log_path, errors='replace') as log:
        text = log.read()
    record.update(seconds=round(elapsed, 1), log=log_path)
    if rc is None:
        record.update(result='timeout', reason='over {} s'.format(opts.timeout))
    elif rc == 0:
        record.update(result='pass')
    else:
        record.update(result='FAIL', rc=rc, reason=_last_error(text))
    return record


def stubbed(case, step):
    parts = []
    names = {'mnist': 'get_mnist', 'cifar': 'get_cifar10/100', 'ptb': 'get_ptb_words(+vocab)'}
    parts += ['synthetic ' + names[d] for d in step.datasets]
    parts += ['{} stand-in module'.format(s) for s in step.shims]
    if case.prepare is not None and not step.script.startswith('pytest:'):
        parts.append('generated input files')
    if step.max_iter:
        parts.append('Trainer capped at {} iterations'.format(step.max_iter))
    if step.mpi:
        parts.append('mpiexec -n {}'.format(step.mpi))
    if case.note:
        parts.append(case.note)
    return '; '.join(parts) or '-'


def table(records, compare=None):
    head = '| script | result | time (s) |'
    rule = '| --- | --- | --- |'
    if compare is not None:
        head += ' {} |'.format(compare[0])
        rule += ' --- |'
    lines = [head + ' stand-ins / settings | note |', rule + ' --- | --- |']
    for r in records:
        note = r.get('reason', '')
        other = ''
        if compare is not None:
            c = compare[1].get(r['id'])
            other = ' {} |'.format('' if c is None else '{} ({} s)'.format(
                c['result'], c['seconds']) if 'seconds' in c else c['result'])
        lines.append('| {} | {} | {} |{} {} | {} |'.format(
            r['id'], r['result'], r.get('seconds', ''), other, r['stubbed'],
            note.replace('|', '\\|')))
    counts = {}
    for r in records:
        counts[r['result']] = counts.get(r['result'], 0) + 1
    lines.append('')
    lines.append(', '.join('{} {}'.format(v, k) for k, v in sorted(counts.items())))
    return '\n'.join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split('\n\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument('-k', dest='patterns', action='append', default=[],
                        help='run only steps whose id matches this glob (repeatable)')
    parser.add_argument('--list', action='store_true', help='list the steps and exit')
    parser.add_argument('--python', default=sys.executable,
                        help='python of the environment under test (default: this one)')
    parser.add_argument('--mirror', default=DEFAULT_MIRROR, help='chainer/chainer git dir')
    parser.add_argument('--ref', default='HEAD', help='commit of the mirror (default HEAD)')
    parser.add_argument('--out', help='results folder (default: a new temp folder)')
    parser.add_argument('--timeout', type=int, default=600, help='seconds per step')
    parser.add_argument('--nice', type=int, default=5)
    parser.add_argument('--keep', action='store_true', help='keep the working folders')
    parser.add_argument('--compare', metavar='RESULTS_JSON',
                        help="another run's results.json (e.g. real Chainer's, made with "
                        '--python) shown as a column')
    parser.add_argument('--compare-name', default='other run',
                        help='the heading of that column')
    parser.add_argument('--table', metavar='RESULTS_JSON',
                        help='print the table of an earlier run (with --compare) and exit')
    opts = parser.parse_args(argv)
    compare = None
    if opts.compare:
        with open(opts.compare) as f:
            compare = (opts.compare_name, {r['id']: r for r in json.load(f)})
    if opts.table:
        with open(opts.table) as f:
            print(table(json.load(f), compare))
        return 0

    selected = []
    for case in CASES:
        steps = [s for s in case.steps if not opts.patterns or any(
            fnmatch.fnmatch(step_id(case, s), p) for p in opts.patterns)]
        if steps:
            selected.append((case, steps))
    if opts.list:
        for case, steps in selected:
            for s in steps:
                print(step_id(case, s), ' '.join(s.args), '(skip: {})'.format(s.skip)
                      if s.skip else '')
        return 0

    out = opts.out or tempfile.mkdtemp(prefix='chainer-examples-')
    out = os.path.abspath(out)
    log_dir = os.path.join(out, 'logs')
    os.makedirs(log_dir, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='chainer-examples-src-')
    records = []
    try:
        examples = _extract(opts.mirror, opts.ref, tmp)
        for case, steps in selected:
            work = os.path.join(out, 'work', case.folder.replace('/', '__'))
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(os.path.join(examples, case.folder), work)
            if case.prepare is not None and any(not s.skip for s in steps):
                case.prepare(work)
            for step in steps:
                record = run_step(case, step, work, opts, log_dir)
                records.append(record)
                print('{:60s} {:8s} {:>7} {}'.format(
                    record['id'], record['result'], record.get('seconds', ''),
                    record.get('reason', '')), flush=True)
            if not opts.keep:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    summary = table(records, compare)
    with open(os.path.join(out, 'summary.md'), 'w') as f:
        f.write(summary + '\n')
    with open(os.path.join(out, 'results.json'), 'w') as f:
        json.dump(records, f, indent=1)
    print()
    print(summary)
    print('\nresults and logs: {}'.format(out))
    return 0 if all(r['result'] in ('pass', 'skip') for r in records) else 1


if __name__ == '__main__':
    sys.exit(main())
