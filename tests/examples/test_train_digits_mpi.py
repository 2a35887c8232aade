"""The digits job on 2 processes computes what the 1-process job does (train_digits_mpi)."""
import importlib.util
import os
import re

import numpy
import pytest

_spec = importlib.util.spec_from_file_location(
    'kusari_tests_mpirun', os.path.join(os.path.dirname(__file__), '..', 'chainermn',
                                        'mpirun.py'))
mpirun = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mpirun)

ARGS = ['--epoch', '2', '--train-size', '192', '--no-progress', '--seed', '1']


def _accuracy(out):
    found = re.findall(r'test accuracy: ([0-9.]+)', out)
    assert found, out
    return float(found[-1])


def test_two_processes_train_the_one_process_model(tmp_path):
    reason = mpirun.skip_reason()
    if reason:
        pytest.skip(reason)
    pytest.importorskip('sklearn', reason='the digits data needs scikit-learn '
                        '(pip install \'kusari[examples]\')')
    from kusari.examples import train_digits
    acc_one = train_digits.main(['--out', str(tmp_path / 'one')] + ARGS)
    rc, out = mpirun.run_mpi(['-m', 'kusari.examples.train_digits_mpi', '--out',
                              str(tmp_path / 'two')] + ARGS, timeout=600)
    assert rc == 0, out
    assert '2 processes (PackedCommunicator' in out
    assert abs(_accuracy(out) - acc_one) <= 1.0 / 359 + 1e-9
    a = numpy.load(tmp_path / 'one' / 'model.npz')
    b = numpy.load(tmp_path / 'two' / 'model.npz')
    assert sorted(a.keys()) == sorted(b.keys())
    for key in a.keys():         # float32 rounding only (summation orders differ)
        numpy.testing.assert_allclose(b[key], a[key], rtol=2e-3, atol=2e-4, err_msg=key)
