import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _softmax(x, axis):
    e = numpy.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


class TestSoftmax(testing.FunctionTestCase):
    params = [{'shape': (3, 4), 'axis': 1}, {'shape': (2, 3, 2), 'axis': 0},
              {'shape': (2, 3, 2), 'axis': -1}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-2, 2, self.shape),

    def forward(self, inputs, device):
        return F.softmax(*inputs, axis=self.axis),

    def forward_expected(self, inputs):
        return _softmax(inputs[0], self.axis),


def test_softmax_large_inputs_do_not_overflow():
    y = F.softmax(numpy.array([[1000.0, 1000.0]], numpy.float32)).array
    numpy.testing.assert_array_equal(y, [[0.5, 0.5]])


def test_softmax_axis_out_of_range():
    with pytest.raises(InvalidType, match=r'Softmax.*\n\nExpect: -x.ndim <= axis < x.ndim'):
        F.softmax(numpy.zeros((2, 3), numpy.float32), axis=2)


def test_softmax_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.softmax(numpy.zeros((2, 3), numpy.int32))
