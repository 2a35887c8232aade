import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestSigmoid(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-3, 3, self.shape),

    def forward(self, inputs, device):
        return F.sigmoid(*inputs),

    def forward_expected(self, inputs):
        x, = inputs
        return 1.0 / (1.0 + numpy.exp(-x)),


def test_sigmoid_saturates_without_overflow():
    with numpy.errstate(all='raise'):
        y = F.sigmoid(numpy.array([-1e4, 1e4], numpy.float32)).array
    numpy.testing.assert_array_equal(y, [0.0, 1.0])


def test_sigmoid_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"Sigmoid.*\n\nExpect: x.dtype.kind == 'f'"):
        F.sigmoid(numpy.arange(3))
