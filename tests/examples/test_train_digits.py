"""The main job (kusari.examples.train_digits) on a subset of the digits: a run, its options'
errors, interruption and resumption (also through a real SIGINT), its output without a
terminal, and its plot."""
import json
import os
import shlex
import signal
import subprocess
import sys
import time

import numpy
import pytest

pytest.importorskip('sklearn')

from kusari.examples import train_digits  # noqa: E402

SMALL = ['--train-size', '96', '--batchsize', '32', '--no-progress']


def _params(path):
    with numpy.load(path) as f:
        return {k: f[k] for k in f.files}


def _log(out):
    with open(os.path.join(out, 'log')) as f:
        return [{k: v for k, v in e.items() if k != 'elapsed_time'} for e in json.load(f)]


def _snapshots(out):
    return sorted((f for f in os.listdir(out) if f.startswith('snapshot_iter_')),
                  key=lambda f: int(f.rsplit('_', 1)[1]))


def test_smoke_two_short_epochs(tmp_path, capsys):
    out = str(tmp_path / 'r')
    acc = train_digits.main(['--epoch', '2', '--out', out, '--train-size', '160'])
    assert 0.0 <= acc <= 1.0
    files = set(os.listdir(out))
    assert {'log', 'curves.png', 'model.npz', 'snapshot_iter_5', 'snapshot_iter_10'} <= files
    with open(os.path.join(out, 'curves.png'), 'rb') as f:
        assert f.read(8) == b'\x89PNG\r\n\x1a\n'
    text = capsys.readouterr().out
    assert 'epoch       main/loss   validation/main/loss' in text
    # not a terminal (captured): the progress bar is plain lines, no control characters
    assert '\x1b' not in text
    progress = [line for line in text.splitlines() if line.startswith('progress: ')]
    assert len(progress) == 1 and progress[0].startswith(
        'progress: finished 2 epochs, 10 iterations in ')      # 10 iterations: one check
    last = text.rstrip().splitlines()[-1]
    assert last.startswith('test accuracy: ') and last.endswith(' of 359 images)')
    log = json.load(open(os.path.join(out, 'log')))
    assert len(log) == 2 and {'main/accuracy', 'validation/main/accuracy', 'lr'} <= set(log[0])
    # the table's last test accuracy and the final line are the same number (the test set
    # is evaluated as one batch: the mean over images)
    assert log[-1]['validation/main/accuracy'] == pytest.approx(acc, abs=1e-6)
    assert '{:.4f}'.format(acc) in last
    params = _params(os.path.join(out, 'model.npz'))
    assert 'predictor/conv1/W' in params and 'predictor/bn1/avg_mean' in params


def test_resume_after_second_snapshot_matches_uninterrupted(tmp_path):
    full = str(tmp_path / 'full')
    part = str(tmp_path / 'part')
    train_digits.main(['--epoch', '3', '--out', full, '--seed', '3'] + SMALL)
    train_digits.main(['--epoch', '2', '--out', part, '--seed', '3'] + SMALL)
    assert _snapshots(part) == ['snapshot_iter_3', 'snapshot_iter_6']  # stopped after two
    train_digits.main(['--epoch', '3', '--out', part, '--seed', '3',
                       '--resume', os.path.join(part, 'snapshot_iter_6')] + SMALL)
    a = _params(os.path.join(full, 'model.npz'))
    b = _params(os.path.join(part, 'model.npz'))
    assert a.keys() == b.keys()
    for k in a:
        numpy.testing.assert_array_equal(a[k], b[k], err_msg=k)
    assert _log(part) == _log(full)
    assert len(_log(full)) == 3


def test_rerun_resumes_refuses_other_options_and_fresh_starts_over(tmp_path, capsys):
    out = str(tmp_path / 'r')
    train_digits.main(['--epoch', '1', '--out', out] + SMALL)
    capsys.readouterr()
    # the same command with more epochs continues from the newest snapshot
    train_digits.main(['--epoch', '2', '--out', out] + SMALL)
    text = capsys.readouterr().out
    assert 'resuming from {} (after epoch 1)'.format(
        os.path.join(out, 'snapshot_iter_3')) in text
    assert _snapshots(out) == ['snapshot_iter_3', 'snapshot_iter_6']
    # the same command again: nothing left to train
    train_digits.main(['--epoch', '2', '--out', out] + SMALL)
    assert '(the run is complete: --fresh trains again)' in capsys.readouterr().out
    # other options than those of the snapshot's run: refused in one line
    with pytest.raises(SystemExit) as e:
        train_digits.main(['--epoch', '2', '--out', out, '--seed', '5', '--lr', '0.1'] + SMALL)
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert err == ('train_digits: error: {} was written by a run with --lr 0.05 (this command: '
                   '0.1), --seed 0 (this command: 5); resume with its options, pass --fresh to '
                   'start over in {}, or choose another --out (see --help)\n'.format(
                       os.path.join(out, 'snapshot_iter_6'), out))
    # --fresh deletes the snapshots and trains from scratch
    train_digits.main(['--epoch', '1', '--out', out, '--fresh', '--seed', '5'] + SMALL)
    assert 'resuming' not in capsys.readouterr().out
    assert _snapshots(out) == ['snapshot_iter_3']
    assert len(_log(out)) == 1


@pytest.mark.parametrize('argv, message', [
    (['--epoch', '-1'], 'argument --epoch/-e: expected a positive integer, got -1'),
    (['--epoch', '0'], 'argument --epoch/-e: expected a positive integer, got 0'),
    (['--batchsize', '0'], 'argument --batchsize/-b: expected a positive integer, got 0'),
    (['--batchsize', '-4'], 'argument --batchsize/-b: expected a positive integer, got -4'),
    (['--batchsize', '2.5'], "argument --batchsize/-b: expected a positive integer, got '2.5'"),
    (['--lr', '0'], 'argument --lr: expected a positive number, got 0'),
    (['--train-size', '0'], 'argument --train-size: expected a positive integer, got 0'),
    (['--seed', '-1'], "argument --seed: expected an integer from 0 to 2**32 - 1, got '-1'"),
    (['--device', 'gpu'], "argument --device/-d: invalid device specifier 'gpu'"),
    (['--fresh', '--resume', 'x'], 'argument --resume/-r: not allowed with argument --fresh'),
    (['--epochs', '3'], 'unrecognized arguments: --epochs 3'),
])
def test_bad_options_are_one_line_errors_with_status_2(argv, message, tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        train_digits.main(argv + ['--out', str(tmp_path / 'r')])
    assert e.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ''
    assert captured.err.startswith('train_digits: error: ' + message)
    assert captured.err.endswith(' (see --help)\n') and captured.err.count('\n') == 1


def test_files_and_devices_that_cannot_be_used(tmp_path, capsys):
    def error(argv, small=SMALL):
        with pytest.raises(SystemExit) as e:
            train_digits.main(argv + small)
        assert e.value.code == 2
        err = capsys.readouterr().err
        assert err.count('\n') == 1 and err.startswith('train_digits: error: ')
        return err
    out = str(tmp_path / 'r')
    assert 'argument --out/-o: cannot write to /proc/kusari-test' in error(
        ['--out', '/proc/kusari-test'])
    missing = str(tmp_path / 'missing')
    assert 'argument --resume/-r: no such file: ' + missing in error(
        ['--out', out, '--resume', missing])
    train_digits.main(['--epoch', '1', '--out', out] + SMALL)
    model = os.path.join(out, 'model.npz')
    assert '{} is a saved model, not a trainer snapshot'.format(model) in error(
        ['--out', out, '--resume', model])
    log = os.path.join(out, 'log')
    assert "{} is not an NPZ archive: an NPZ file is a zip of .npy arrays".format(log) in error(
        ['--out', out, '--resume', log])
    # a rerun whose newest snapshot is damaged says so, and how to go on
    with open(os.path.join(out, 'snapshot_iter_9'), 'wb') as f:
        f.write(b'PK\x03\x04 cut short')
    assert error(['--out', out]).startswith(
        'train_digits: error: cannot resume from the newest snapshot in {}: {} is not a '
        'readable NPZ file (truncated or corrupted)'.format(out, os.path.join(out,
                                                                          'snapshot_iter_9')))
    assert 'pass --fresh to start over there' in error(['--out', out])
    # another training subset than the snapshot's run
    os.remove(os.path.join(out, 'snapshot_iter_9'))
    assert '--train-size 96 (this command: all)' in error(['--out', out, '--epoch', '2'],
                                                          small=[])
    try:
        import cupy  # noqa: F401
    except ImportError:
        assert "argument --device/-d: kusari: this needs CuPy and a CUDA GPU" in error(
            ['--out', out, '--device', '0'])


def test_other_errors_are_one_line_and_debug_shows_the_traceback(tmp_path, capsys,
                                                                 monkeypatch):
    def no_sklearn(*args, **kwargs):
        raise ImportError("kusari.datasets.get_digits needs scikit-learn: pip install "
                          "'kusari[scikit-learn]'\n(second line)")
    monkeypatch.setattr(train_digits.datasets, 'get_digits', no_sklearn)
    argv = ['--out', str(tmp_path / 'r')] + SMALL
    with pytest.raises(SystemExit) as e:
        train_digits.main(argv)
    assert e.value.code == 1
    assert capsys.readouterr().err == (
        "train_digits: error: kusari.datasets.get_digits needs scikit-learn: pip install "
        "'kusari[scikit-learn]' (second line) (ImportError; --debug shows the traceback)\n")
    with pytest.raises(ImportError, match='needs scikit-learn'):
        train_digits.main(argv + ['--debug'])


def test_help_names_the_module_defaults_outputs_and_resuming(capsys):
    with pytest.raises(SystemExit) as e:
        train_digits.main(['--help'])
    assert e.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith('usage: python -m kusari.examples.train_digits ')
    for part in ('number of epochs (default: 20)', 'minibatch size (default: 32)',
                 'output folder (default: result)', 'curves.png', 'snapshot_iter_<N>',
                 'model.npz', 'run the same command again'):
        assert part in text


def test_resume_command_drops_resume_and_fresh():
    cmd = train_digits._resume_command(['--out', 'my run', '-r', 'x', '--fresh', '-e', '5',
                                        '--resume=y'])
    assert cmd.endswith(" -m kusari.examples.train_digits --out 'my run' -e 5")


def test_plot_has_titles_labels_and_a_log_loss_axis():
    pytest.importorskip('matplotlib')
    from matplotlib.figure import Figure
    fig = Figure()
    loss, acc = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    epochs = numpy.arange(1, 6)
    loss.plot(epochs, [3.0, 0.1, 0.05, 0.01, 0.005], label='main/loss')
    loss.plot(epochs, [0.2, 0.1, 0.06, 0.05, 0.05], label='validation/main/loss')
    acc.plot(epochs, [0.69, 0.96, 0.98, 0.99, 1.0], label='main/accuracy')
    acc.plot(epochs, [0.94, 0.96, 0.98, 0.98, 0.98], label='validation/main/accuracy')
    train_digits.style_curves(fig, loss, None)
    assert loss.get_title() == 'Loss (softmax cross entropy)' and loss.get_yscale() == 'log'
    assert loss.get_ylabel() == 'loss (log scale)'
    assert acc.get_title() == 'Accuracy' and acc.get_ylabel()
    assert [t.get_text() for t in acc.get_legend().get_texts()] == ['training set', 'test set']
    # epoch 1's training accuracy, far below the rest, is left below the axis with a note
    bottom, top = acc.get_ylim()
    assert 0.69 < bottom < 0.96 and top > 1.0
    assert [t.get_text() for t in acc.texts] == [
        'below the axis, epoch 1: training set 0.69, test set 0.94']


@pytest.mark.slow       # two child processes: 5-10 s
@pytest.mark.skipif(sys.platform == 'win32', reason='POSIX signals')
def test_sigint_then_the_printed_command_resumes(tmp_path):
    """A real Ctrl-C (SIGINT) in a subprocess: one line with the last snapshot and the
    command; running that command continues and ends as an uninterrupted run."""
    out = str(tmp_path / 'r')
    argv = ['--out', out, '--epoch', '3', '--train-size', '96', '--batchsize', '16',
            '--seed', '1']
    env = dict(os.environ)
    cmd = [sys.executable, '-m', 'kusari.examples.train_digits'] + argv
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             cwd=str(tmp_path), env=env,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 120
        while not (os.path.isdir(out) and _snapshots(out)):
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, 'no snapshot within 120 s'
            time.sleep(0.01)
        child.send_signal(signal.SIGINT)
        stdout, stderr = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    if child.returncode == 0:   # two epochs ran between two looks at the folder
        pytest.skip('the run ended before the signal arrived (a very busy machine)')
    assert child.returncode == 130, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    snaps = _snapshots(out)
    assert snaps and len(snaps) < 3
    head, command = lines[0].split('; resume with: ')
    assert head.startswith('interrupted in epoch ')
    assert head.endswith('; the last snapshot is {} (after epoch {})'.format(
        os.path.join(out, snaps[-1]), len(snaps)))
    assert shlex.split(command)[1:] == ['-m', 'kusari.examples.train_digits'] + argv
    assert '\x1b' not in stdout     # standard output is a pipe: no control characters
    resumed = subprocess.run(shlex.split(command), capture_output=True, text=True,
                             cwd=str(tmp_path), env=env, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert 'resuming from {}'.format(os.path.join(out, snaps[-1])) in resumed.stdout
    assert resumed.stdout.rstrip().splitlines()[-1].startswith('test accuracy: ')
    # plain progress lines: at the first check (iteration 10), then when training ends
    assert '\x1b' not in resumed.stdout
    progress = [line.split(' in ')[0] for line in resumed.stdout.splitlines()
                if line.startswith('progress: ')]
    assert progress[-1] == 'progress: finished 3 epochs, 18 iterations'
    assert progress[:-1] in ([], ['progress: epoch 1/3 (55.56%), iteration 10'])
    # the same run, uninterrupted, in this process
    full = str(tmp_path / 'full')
    train_digits.main(argv[2:] + ['--out', full, '--no-progress'])
    assert _log(out) == _log(full)
    a, b = _params(os.path.join(out, 'model.npz')), _params(os.path.join(full, 'model.npz'))
    for k in a:
        numpy.testing.assert_array_equal(a[k], b[k], err_msg=k)
