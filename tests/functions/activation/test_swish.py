import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestSwish(testing.FunctionTestCase):
    params = [{'x_shape': (4, 3), 'b_shape': (3,)}, {'x_shape': (2, 3, 2), 'b_shape': ()},
              {'x_shape': (2, 3, 2), 'b_shape': (3, 2)}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-2, 2, self.x_shape), self.uniform(-1, 1, self.b_shape)

    def forward(self, inputs, device):
        return F.swish(*inputs),

    def forward_expected(self, inputs):
        x, b = inputs
        b = b.reshape((1,) + b.shape + (1,) * (x.ndim - b.ndim - 1))
        return x / (1 + numpy.exp(-b * x)),


def test_swish_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'Swish.*\n\nExpect: beta.dtype == x.dtype'):
        F.swish(x, numpy.zeros(3, numpy.float64))
    with pytest.raises(InvalidType, match=r'Expect: beta.shape == x.shape\[1:1 \+ beta.ndim\]'):
        F.swish(x, numpy.zeros(2, numpy.float32))
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.swish(numpy.zeros((2, 3), numpy.int32), numpy.zeros(3, numpy.int32))
