import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestPReLU(testing.FunctionTestCase):
    params = [{'x_shape': (4, 3), 'w_shape': (3,)}, {'x_shape': (2, 3, 2, 2), 'w_shape': (3,)},
              {'x_shape': (2, 3, 2), 'w_shape': ()}, {'x_shape': (2, 3, 2), 'w_shape': (3, 2)}]

    def generate_inputs(self):
        x = self.rng.uniform(0.1, 1, self.x_shape) * self.rng.choice([-1.0, 1.0], self.x_shape)
        return numpy.asarray(x), self.uniform(-1, 1, self.w_shape)

    def forward(self, inputs, device):
        return F.prelu(*inputs),

    def forward_expected(self, inputs):
        x, w = inputs
        w = w.reshape((1,) + w.shape + (1,) * (x.ndim - w.ndim - 1))
        return numpy.where(x >= 0, x, w * x),


def test_prelu_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'PReLUFunction.*\n\nExpect: W.dtype == x.dtype'):
        F.prelu(x, numpy.zeros(3, numpy.float64))
    with pytest.raises(InvalidType, match=r'Expect: x.shape\[1:1 \+ W.ndim\] == W.shape'):
        F.prelu(x, numpy.zeros(2, numpy.float32))
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.prelu(numpy.zeros((2, 3), numpy.int32), numpy.zeros(3, numpy.int32))
