"""backend: array modules, devices, to_device; the backends.cuda shim without CuPy."""
import importlib.util
import sys

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import Variable, backend
from kusari.backends import cuda

HAS_CUPY = importlib.util.find_spec('cupy') is not None


def test_get_array_module():
    a = numpy.ones(2)
    assert backend.get_array_module(a) is numpy
    assert backend.get_array_module(Variable(a)) is numpy
    assert backend.get_array_module() is numpy
    assert backend.get_array_module(1.0, None, a) is numpy
    assert kusari.utils.get_array_module(a) is numpy
    assert cuda.get_array_module(a) is numpy


def test_cpu_device():
    dev = backend.CpuDevice()
    assert dev.xp is numpy
    assert dev.name == '@numpy' and str(dev) == '@numpy'
    assert dev == backend.CpuDevice() and hash(dev) == hash(backend.CpuDevice())
    assert dev != '@numpy'
    a = numpy.ones(2)
    assert dev.send(a) is a
    sent = dev.send({'a': [a, (a, None)]})
    assert sent['a'][0] is a and sent['a'][1][0] is a and sent['a'][1][1] is None
    assert isinstance(sent['a'][1], tuple)
    s = dev.send(numpy.float32(2))
    assert isinstance(s, numpy.ndarray) and s.dtype == numpy.float32
    with pytest.raises(TypeError, match='cannot send'):
        dev.send(object())
    assert dev.supported_array_types == (numpy.ndarray,)
    assert dev.is_array_supported(a) and not dev.is_array_supported([1.0])
    assert repr(dev) == '<CpuDevice (numpy)>'
    dev.use()
    with pytest.raises(RuntimeError, match='using_device'):
        with dev:
            pass
    with kusari.using_device(dev):
        pass


@pytest.mark.parametrize('spec', ['@numpy', -1, -5, numpy.int64(-1), '-1', '-3'])
def test_get_device_cpu(spec):
    assert backend.get_device(spec) == backend.CpuDevice()
    assert kusari.get_device(spec) == backend.CpuDevice()


def test_get_device_passes_devices_through():
    dev = backend.CpuDevice()
    assert backend.get_device(dev) is dev


@pytest.mark.parametrize('spec', ['@cupy:x', '@foo', '@numpy:0', '@cupy', '@cupy:-1',
                                  '@:numpy', '@intel64:0'])
def test_get_device_malformed_string(spec):
    with pytest.raises(ValueError, match='invalid device specifier'):
        backend.get_device(spec)
    with pytest.raises(ValueError, match='invalid device specifier'):
        kusari.using_device(spec)


@pytest.mark.parametrize('spec', [None, 1.5, True, (0,), numpy, cuda.DummyDevice])
def test_get_device_wrong_type(spec):
    # Chainer refuses these too (the numpy module and DummyDevice included)
    with pytest.raises(TypeError, match='invalid device specifier of type'):
        backend.get_device(spec)


@pytest.mark.parametrize('spec', ['native:0', 'cuda:0', 'native', '', 'numpy'])
def test_get_device_chainerx_specifier_names_chainerx(spec):
    with pytest.raises(RuntimeError, match='ChainerX is not available'):
        backend.get_device(spec)


def test_get_device_intel64_names_ideep():
    with pytest.raises(RuntimeError, match="iDeep is not available.*'@intel64'"):
        backend.get_device('@intel64')
    assert not backend.intel64.is_ideep_available()
    with pytest.raises(RuntimeError, match='ChainerX'):
        backend.ChainerxDevice(None)


@pytest.mark.skipif(HAS_CUPY, reason='checks the error raised without CuPy')
@pytest.mark.parametrize('spec', ['@cupy:0', 0, '0', '3'])
def test_gpu_device_without_cupy_names_the_extra(spec):
    with pytest.raises(RuntimeError, match=r"kusari\[cupy\]"):
        backend.get_device(spec)


def test_get_device_from_array():
    assert backend.get_device_from_array(numpy.ones(2)) == backend.CpuDevice()
    assert backend.get_device_from_array() == backend.CpuDevice()
    assert backend.get_device_from_array(numpy.ones(2), None, numpy.ones(1)) == \
        backend.CpuDevice()
    assert backend.get_device_from_array(Variable(numpy.ones(2))) == backend.CpuDevice()
    assert Variable(numpy.ones(2)).device == backend.CpuDevice()


def test_to_device():
    a = numpy.ones(2)
    assert backend.to_device('@numpy', a) is a
    assert backend.to_device(-1, [a])[0] is a
    with pytest.raises(ValueError):
        backend.to_device('@nowhere', a)


def test_variable_to_device_and_to_cpu():
    x = Variable(numpy.ones(2))
    x.grad = numpy.zeros(2)
    assert x.to_device('@numpy') is x
    assert x.to_cpu() is x
    assert isinstance(x.array, numpy.ndarray) and isinstance(x.grad, numpy.ndarray)


def test_copyto_and_is_arrays_compatible():
    dst = numpy.zeros(3)
    backend.copyto(dst, numpy.arange(3.0))
    numpy.testing.assert_array_equal(dst, [0.0, 1.0, 2.0])
    assert backend.is_arrays_compatible([numpy.ones(1), None, numpy.ones(2)])


def test_copy_function_on_cpu():
    x = Variable(numpy.arange(3.0))
    y = F.copy(x, -1)
    numpy.testing.assert_array_equal(y.array, x.array)


# -- backends.cuda without CuPy -------------------------------------------------------------

@pytest.mark.skipif(HAS_CUPY, reason='behaviour without CuPy')
def test_cuda_shim_without_cupy():
    assert cuda.available is False
    assert not isinstance(numpy.ones(2), cuda.ndarray)
    assert not isinstance(Variable(numpy.ones(2)), cuda.ndarray)
    with pytest.raises(RuntimeError, match='CuPy'):
        cuda.check_cuda_available()
    with pytest.raises(RuntimeError, match='CuPy'):
        cuda.to_gpu(numpy.ones(2))
    with pytest.raises(RuntimeError, match='CuPy'):
        cuda.cupy.zeros
    assert 'cupy' not in sys.modules


def test_cuda_to_cpu():
    a = numpy.ones(2)
    assert cuda.to_cpu(a) is a
    assert cuda.to_cpu(None) is None
    s = cuda.to_cpu(numpy.float32(3))
    assert isinstance(s, numpy.ndarray) and s == 3
    out = cuda.to_cpu([a, (a,)])
    assert out[0] is a and out[1][0] is a


def test_cuda_dummy_device():
    dev = cuda.get_device_from_array(numpy.ones(2))
    assert dev is cuda.DummyDevice
    with dev:
        dev.use()
    assert int(dev) == -1


def test_importing_backends_does_not_import_cupy():
    # CuPy may be imported by an earlier GPU test; the point is kusari itself never does it
    if HAS_CUPY:
        pytest.skip('CuPy is installed; see tests/test_import.py for the subprocess check')
    assert 'cupy' not in sys.modules


# -- GPU ------------------------------------------------------------------------------------

@pytest.mark.gpu
def test_gpu_round_trip():
    cupy = pytest.importorskip('cupy')
    try:
        if cupy.cuda.runtime.getDeviceCount() < 1:
            pytest.skip('no CUDA device')
    except cupy.cuda.runtime.CUDARuntimeError:
        pytest.skip('no CUDA device')
    dev = backend.get_device('@cupy:0')
    assert dev == backend.get_device(0) and dev.xp is cupy
    a = numpy.arange(6.0).reshape(2, 3)
    x = Variable(a.copy())
    x.to_device(dev)
    assert isinstance(x.array, cupy.ndarray) and isinstance(x.array, cuda.ndarray)
    assert backend.get_array_module(x) is cupy and x.xp is cupy
    assert x.device == dev
    y = F.sum(F.exp(x) * x)
    y.backward()
    numpy.testing.assert_allclose(cuda.to_cpu(x.grad), numpy.exp(a) * (1 + a), rtol=1e-12)
    z = F.copy(x, -1)
    assert isinstance(z.array, numpy.ndarray)
    F.sum(z * 2.0).backward()
    assert isinstance(x.grad, cupy.ndarray)
    assert isinstance(cuda.to_gpu(a), cupy.ndarray)
    numpy.testing.assert_array_equal(cuda.to_cpu(cuda.to_gpu(a)), a)
