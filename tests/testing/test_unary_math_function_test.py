import unittest

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing

SCRATCH = 'kusari_testing_scratch'


def _outcomes(bundle):
    out = {}
    for klass in bundle.classes():
        for name in unittest.TestLoader().getTestCaseNames(klass):
            result = unittest.TestResult()
            klass(name).run(result)
            key = 'failed' if result.failures or result.errors else \
                'skipped' if result.skipped else 'passed'
            out.setdefault(name, set()).add(key)
    return out


def test_sin_gets_every_test(scratch, monkeypatch):
    from kusari.testing import attr
    monkeypatch.setattr(attr, '_device_count', 0)

    @testing.unary_math_function_unittest(F.sin)
    class T(unittest.TestCase):
        __module__ = SCRATCH

    classes = T.classes()
    assert len(classes) == 6          # 2 shapes x 3 dtypes
    assert {(c.shape, numpy.dtype(c.dtype).name) for c in classes} == {
        (s, d) for s in [(3, 2), ()] for d in ('float16', 'float32', 'float64')}
    outcomes = _outcomes(T)
    for name in ('test_forward_cpu', 'test_backward_cpu', 'test_double_backward_cpu'):
        assert outcomes[name] == {'passed'}
    for name in ('test_forward_gpu', 'test_backward_gpu', 'test_double_backward_gpu'):
        assert outcomes[name] == {'skipped'}
    assert [m.name for m in classes[0].test_forward_gpu.pytestmark] == ['gpu']


def test_a_wrong_function_fails(scratch):
    def sin(x):          # named like numpy.sin, computes something else
        return F.cos(x)

    @testing.unary_math_function_unittest(sin)
    class T(unittest.TestCase):
        __module__ = SCRATCH

    assert _outcomes(T)['test_forward_cpu'] == {'failed'}


def test_options_and_make_data(scratch):
    def make_data(shape, dtype):
        x = numpy.random.uniform(0.5, 1, shape).astype(dtype)
        return x, numpy.ones(shape, dtype), numpy.ones(shape, dtype)

    @testing.unary_math_function_unittest(F.sqrt, make_data=make_data,
                                          forward_options={'atol': 1e-3})
    class T(unittest.TestCase):
        __module__ = SCRATCH

    klass = T.classes()[0]
    case = klass('test_forward_cpu')
    case.setUp()
    assert (case.x >= 0.5).all() and case.forward_options['atol'] == 1e-3
    assert {'passed'} == _outcomes(T)['test_backward_cpu']


def test_label_of_a_legacy_function(scratch):
    class Exp(kusari.Function):
        @property
        def label(self):
            return 'exp'

        def forward(self, inputs):
            return numpy.exp(inputs[0]),

        def backward(self, inputs, grads):
            return numpy.exp(inputs[0]) * grads[0],

    @testing.unary_math_function_unittest(Exp())
    class T(unittest.TestCase):
        __module__ = SCRATCH

    outcomes = _outcomes(T)
    assert outcomes['test_label'] == {'passed'}
    assert 'test_double_backward_cpu' not in outcomes
    assert outcomes['test_backward_cpu'] == {'passed'}


def test_errors():
    def no_such_numpy_function(x):
        return x

    with pytest.raises(ValueError, match='NumPy has no function'):
        testing.unary_math_function_unittest(no_such_numpy_function)
    with pytest.raises(ValueError, match='no class to take the label from'):
        testing.unary_math_function_unittest(F.sin, label_expected='sin')
    with pytest.raises(TypeError, match='decorates a unittest.TestCase'):
        testing.unary_math_function_unittest(F.sin)(object)
    with pytest.warns(DeprecationWarning, match='is_linear'):
        testing.unary_math_function_unittest(F.sin, is_linear=True)


@testing.unary_math_function_unittest(F.tanh)
class TestCollectedTanh(unittest.TestCase):
    pass
