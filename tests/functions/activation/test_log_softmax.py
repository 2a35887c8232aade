import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _log_softmax(x, axis):
    m = x.max(axis=axis, keepdims=True)
    return x - m - numpy.log(numpy.exp(x - m).sum(axis=axis, keepdims=True))


class TestLogSoftmax(testing.FunctionTestCase):
    params = [{'shape': (3, 4), 'axis': 1}, {'shape': (2, 3, 2), 'axis': 0},
              {'shape': (2, 3, 2), 'axis': -1}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-2, 2, self.shape),

    def forward(self, inputs, device):
        return F.log_softmax(*inputs, axis=self.axis),

    def forward_expected(self, inputs):
        return _log_softmax(inputs[0], self.axis),


def test_log_softmax_is_finite_for_far_apart_inputs():
    y = F.log_softmax(numpy.array([[0.0, 1000.0]], numpy.float32)).array
    numpy.testing.assert_allclose(y, [[-1000.0, 0.0]])


def test_log_softmax_axis_out_of_range():
    with pytest.raises(InvalidType, match=r'LogSoftmax.*\n\nExpect: -x.ndim <= axis < x.ndim'):
        F.log_softmax(numpy.zeros((2, 3), numpy.float32), axis=-3)


def test_log_softmax_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.log_softmax(numpy.zeros((2, 3), numpy.int64))
