import inspect
import unittest

import numpy
import pytest

import kusari
from kusari import backend, testing
from kusari.testing import attr

SCRATCH = 'kusari_testing_scratch'


def _run(klass, name):
    result = unittest.TestResult()
    klass(name).run(result)
    return result


def _marks(func):
    return sorted(m.name for m in getattr(func, 'pytestmark', []))


def test_defaults_repr_and_function_string():
    config = testing.BackendConfig({})
    assert (config.use_cuda, config.cuda_device, config.use_cudnn, config.use_ideep) == (
        False, None, 'never', 'never')
    assert config.get_func_str() == (
        'use_chainerx_false__chainerx_device_None__use_cuda_false__cuda_device_None__'
        'use_cudnn_never__cudnn_deterministic_false__autotune_false__'
        'cudnn_fast_batch_normalization_false__use_ideep_never')
    assert repr(config).startswith('<BackendConfig use_chainerx=False ')
    assert isinstance(config.device, backend.CpuDevice) and config.xp is numpy
    assert config.get_pytest_marks() == []
    assert config.unavailable_reason() is None
    x = numpy.arange(3.0)
    assert config.get_array(x) is x
    assert config.get_array((x, None))[0] is x


def test_cuda_device_defaults_to_zero_and_marks():
    config = testing.BackendConfig({'use_cuda': True, 'use_cudnn': 'always'})
    assert config.cuda_device == 0
    assert config.get_pytest_marks() == [attr.gpu, attr.cudnn]
    second = testing.BackendConfig({'use_cuda': True, 'cuda_device': 1})
    marks = second.get_pytest_marks()
    assert marks[0] is attr.gpu and len(marks) == 2       # gpu and multi_gpu(2)
    assert testing.BackendConfig({'use_ideep': 'always'}).get_pytest_marks() == [attr.ideep]
    chx = testing.BackendConfig({'use_chainerx': True, 'chainerx_device': 'cuda:0'})
    assert chx.get_pytest_marks() == [attr.chainerx, attr.gpu]


def test_bad_parameters():
    with pytest.raises(TypeError, match='takes a dict'):
        testing.BackendConfig([('use_cuda', True)])
    with pytest.raises(ValueError, match="no parameter 'use_gpu'"):
        testing.BackendConfig({'use_gpu': True})
    with pytest.raises(ValueError, match='chainerx_device'):
        testing.BackendConfig({'use_chainerx': True})


def test_unavailable_backends_say_why(monkeypatch):
    monkeypatch.setattr(attr, '_device_count', 0)
    assert 'CUDA device required, 0 usable' in testing.BackendConfig(
        {'use_cuda': True}).unavailable_reason()
    monkeypatch.setattr(attr, '_device_count', 1)
    assert testing.BackendConfig({'use_cuda': True}).unavailable_reason() is None
    assert '2 CUDA devices required' in testing.BackendConfig(
        {'use_cuda': True, 'cuda_device': 1}).unavailable_reason()
    assert 'ChainerX' in testing.BackendConfig(
        {'use_chainerx': True, 'chainerx_device': 'native:0'}).unavailable_reason()
    assert 'iDeep' in testing.BackendConfig({'use_ideep': 'always'}).unavailable_reason()
    with pytest.raises(RuntimeError, match='ChainerX'):
        testing.BackendConfig({'use_chainerx': True, 'chainerx_device': 'native:0'}).device


def test_entering_sets_the_configuration():
    config = testing.BackendConfig({'use_cudnn': 'always', 'autotune': True})
    before = kusari.config.use_cudnn
    with config as entered:
        assert entered is config
        assert kusari.config.use_cudnn == 'always' and kusari.config.autotune is True
    assert kusari.config.use_cudnn == before and kusari.config.autotune is False


def test_inject_makes_one_class_per_configuration(scratch, monkeypatch):
    monkeypatch.setattr(attr, '_device_count', 0)
    seen = []

    @testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
    class T(unittest.TestCase):
        __module__ = SCRATCH

        def test_it(self, backend_config):
            seen.append(backend_config)

    cpu, gpu = T.classes()
    assert cpu.__name__ == 'T_' + testing.BackendConfig({}).get_func_str()
    assert 'use_cuda_true__cuda_device_0' in gpu.__name__
    assert getattr(scratch, cpu.__name__) is cpu
    # pytest sees no backend_config argument (it is not a fixture).
    assert list(inspect.signature(cpu.test_it).parameters) == ['self']
    assert _marks(cpu.test_it) == [] and _marks(gpu.test_it) == ['gpu']
    assert _run(cpu, 'test_it').wasSuccessful()
    assert len(seen) == 1 and not seen[0].use_cuda
    # Without a GPU the GPU configuration skips cleanly instead of failing.
    result = _run(gpu, 'test_it')
    assert result.wasSuccessful() and len(result.skipped) == 1
    assert 'CUDA device' in result.skipped[0][1]
    assert len(seen) == 1


def test_inject_only_into_named_methods(scratch):
    @testing.inject_backend_tests(['test_a'], [{}])
    class T(unittest.TestCase):
        __module__ = SCRATCH

        def test_a(self, backend_config):
            pass

        def test_b(self):
            pass

    plain, injected = T.classes()
    assert plain.__name__ == 'T' and plain.test_a is None and plain.test_b is not None
    assert injected.test_b is None and injected.test_a is not None


def test_inject_stacks_with_parameterize(scratch):
    @testing.parameterize({'n': 1}, {'n': 2})
    @testing.inject_backend_tests(None, [{}, {'use_ideep': 'always'}])
    class T(unittest.TestCase):
        __module__ = SCRATCH

        def test_it(self, backend_config):
            assert self.n in (1, 2)

    names = sorted(c.__name__ for c in T.classes())
    assert len(names) == 4 and all('_param_' in n for n in names)
    for klass in T.classes():
        result = _run(klass, 'test_it')
        assert result.wasSuccessful()
        ideep = 'use_ideep_always' in klass.__name__
        assert len(result.skipped) == (1 if ideep else 0)


@pytest.mark.parametrize('method_names, params, message', [
    ('test_a', [{}], 'method_names must be None or a list'),
    (None, {}, 'params must be a list of dicts'),
    (None, [1], 'params must be a list of dicts'),
])
def test_inject_refuses_bad_arguments(method_names, params, message):
    with pytest.raises(TypeError, match=message):
        testing.inject_backend_tests(method_names, params)


def test_inject_refuses_bad_configurations_at_once():
    with pytest.raises(ValueError, match='no parameter'):
        testing.inject_backend_tests(None, [{'use_tpu': True}])


# Real use: pytest runs the CPU configuration and skips the GPU ones without CuPy.
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}, {'use_cuda': True,
                                                               'cuda_device': 1}])
class TestCollectedBackends(unittest.TestCase):

    def test_device(self, backend_config):
        x = backend_config.get_array(numpy.ones(2))
        assert backend_config.device.is_array_supported(x)
