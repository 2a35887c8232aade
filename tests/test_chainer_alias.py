"""The top-level ``chainer`` package: every ``chainer.X`` is the module ``kusari.X``."""
import os
import pickle
import shutil
import subprocess
import sys
from unittest import mock

import numpy
import pytest

import chainer
import kusari


def test_versions():
    assert chainer.__version__ == '7.8.1'
    assert kusari.__version__ != '7.8.1'


def test_submodules_are_kusari_modules():
    import chainer.functions
    import chainer.links.connection.linear

    import kusari.links.connection.linear
    assert chainer.functions is kusari.functions
    assert chainer.links.connection.linear is kusari.links.connection.linear
    # the kusari module keeps its own spec and name
    assert kusari.links.connection.linear.__spec__.name == 'kusari.links.connection.linear'
    assert chainer.links.connection.linear.__name__ == 'kusari.links.connection.linear'
    from chainer.backends import cuda
    assert cuda is kusari.backends.cuda


def test_old_cuda_module_path_is_backends_cuda():
    # `import chainer.cuda` (Chainer's pix2pix and ChainerMN examples) gives backends.cuda
    import chainer.cuda

    import kusari.cuda
    assert chainer.cuda is kusari.backends.cuda
    assert kusari.cuda is kusari.backends.cuda
    from chainer import cuda
    assert cuda is kusari.backends.cuda


def test_top_level_names_are_kusari_objects():
    assert chainer.Variable is kusari.Variable
    assert chainer.config is kusari.config
    assert chainer.Link is kusari.Link           # a lazily loaded name
    v = chainer.Variable(numpy.ones(2))
    assert isinstance(v, kusari.Variable)
    assert 'Variable' in dir(chainer) and '__version__' in dir(chainer)


def test_missing_module_is_an_import_error_naming_chainer():
    import importlib
    with pytest.raises(ModuleNotFoundError, match="No module named 'chainer.no_such_module'"):
        importlib.import_module('chainer.no_such_module')
    with pytest.raises(AttributeError):
        chainer.no_such_name


def test_patching_through_either_name_patches_both():
    import chainer.functions as F
    with mock.patch('chainer.functions.relu', return_value='patched'):
        assert kusari.functions.relu(1) == 'patched'
    assert F.relu is kusari.functions.relu
    with mock.patch.object(chainer, 'get_dtype', return_value='patched'):
        assert kusari.get_dtype() == 'patched'
    assert kusari.get_dtype() == numpy.float32


def test_pickles_and_serializers_agree(tmp_path):
    import chainer.links as L
    link = L.Linear(3, 2)
    clone = pickle.loads(pickle.dumps(link))
    assert isinstance(clone, kusari.links.Linear)
    path = str(tmp_path / 'm.npz')
    chainer.serializers.save_npz(path, link)
    other = kusari.links.Linear(3, 2)
    kusari.serializers.load_npz(path, other)
    numpy.testing.assert_array_equal(other.W.array, link.W.array)


def test_fresh_interpreter_runs_chainer_code():
    code = ('import chainer, chainer.functions as F, numpy, sys\n'
            'x = chainer.Variable(numpy.array([-1.0, 2.0]))\n'
            'y = F.sum(F.relu(x)); y.backward()\n'
            'assert x.grad.tolist() == [0.0, 1.0]\n'
            'assert chainer.get_device("-1").name == "@numpy"\n'
            'assert sys.modules["chainer.functions"] is sys.modules["kusari.functions"]\n'
            'print(chainer.__version__)\n')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == '7.8.1'


@pytest.mark.parametrize('code', [
    'import chainer.cuda; assert chainer.cuda is chainer.backends.cuda',
    'from chainer import cuda; import chainer.backends.cuda as c; assert cuda is c',
    'import kusari.cuda; import kusari.backends.cuda as c; assert kusari.cuda is c',
])
def test_chainer_cuda_is_importable_as_a_module(code):
    # Chainer's backward-compatible module name for chainer.backends.cuda (in a fresh
    # process, so that nothing imported it before)
    out = subprocess.run([sys.executable, '-c', code + '; c.get_device_from_id'
                          if 'as c' in code else code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr


def test_warns_when_a_real_chainer_shares_the_folder(tmp_path):
    pkg = tmp_path / 'chainer'
    shutil.copytree(os.path.dirname(chainer.__file__), pkg,
                    ignore=shutil.ignore_patterns('__pycache__'))
    (pkg / 'functions').mkdir()            # what a real Chainer would have put there
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    out = subprocess.run([sys.executable, '-W', 'always', '-c', 'import chainer'],
                         capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    assert 'cannot share an environment' in out.stderr


def test_chainerx_is_there_and_unavailable_as_in_a_build_without_it():
    import chainerx
    assert chainerx.is_available() is False
    assert not isinstance(numpy.ones(2), chainerx.ndarray)
    with pytest.raises(RuntimeError, match='chainerx is not available'):
        chainerx.ndarray((2,))
    assert chainer.backend.ChainerxDevice is kusari.backend.ChainerxDevice
