"""Smoke and resume tests of the main job on a subset of the digits (a few seconds)."""
import json
import os

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
    assert 'Estimated time to finish' in text  # the progress bar
    assert text.rstrip().splitlines()[-1].startswith('test accuracy: ')
    log = json.load(open(os.path.join(out, 'log')))
    assert len(log) == 2 and {'main/accuracy', 'validation/main/accuracy', 'lr'} <= set(log[0])
    params = _params(os.path.join(out, 'model.npz'))
    assert 'predictor/conv1/W' in params and 'predictor/bn1/avg_mean' in params


def test_resume_after_second_snapshot_matches_uninterrupted(tmp_path):
    full = str(tmp_path / 'full')
    part = str(tmp_path / 'part')
    train_digits.main(['--epoch', '3', '--out', full, '--seed', '3'] + SMALL)
    train_digits.main(['--epoch', '2', '--out', part, '--seed', '3'] + SMALL)
    snaps = sorted(f for f in os.listdir(part) if f.startswith('snapshot_iter_'))
    assert snaps == ['snapshot_iter_3', 'snapshot_iter_6']  # stopped after the second one
    train_digits.main(['--epoch', '3', '--out', part, '--seed', '3',
                       '--resume', os.path.join(part, 'snapshot_iter_6')] + SMALL)
    a = _params(os.path.join(full, 'model.npz'))
    b = _params(os.path.join(part, 'model.npz'))
    assert a.keys() == b.keys()
    for k in a:
        numpy.testing.assert_array_equal(a[k], b[k], err_msg=k)
    assert _log(part) == _log(full)
    assert len(_log(full)) == 3
