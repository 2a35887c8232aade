import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestLogSumExp(testing.FunctionTestCase):
    params = [{'shape': (3, 4), 'axis': None}, {'shape': (3, 4), 'axis': 1},
              {'shape': (2, 3, 2), 'axis': (0, 2)}, {'shape': (2, 3, 2), 'axis': -2},
              {'shape': (), 'axis': None}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-2, 2, self.shape),

    def forward(self, inputs, device):
        return F.logsumexp(*inputs, axis=self.axis),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.asarray(numpy.log(numpy.exp(x).sum(axis=self.axis))),


def test_logsumexp_large_and_infinite_inputs():
    y = F.logsumexp(numpy.array([1000.0, 1000.0]))
    numpy.testing.assert_allclose(y.array, 1000.0 + numpy.log(2.0))
    with numpy.errstate(divide='ignore'):
        z = F.logsumexp(numpy.array([[-numpy.inf, -numpy.inf], [0.0, -numpy.inf]]), axis=1)
    numpy.testing.assert_array_equal(z.array, [-numpy.inf, 0.0])


def test_logsumexp_axis_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'LogSumExp.*\n\nExpect: -x.ndim <= axis < x.ndim'):
        F.logsumexp(x, axis=2)
    with pytest.raises(ValueError, match='duplicate'):
        F.logsumexp(x, axis=(1, -1))
    with pytest.raises(TypeError, match='int or tuple of int'):
        F.logsumexp(x, axis=[0])


def test_logsumexp_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.logsumexp(numpy.zeros((2, 3), numpy.int32))
