import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _away_from_zero(rng, shape, low=0.1, high=1.0):
    return (rng.uniform(low, high, shape) * rng.choice([-1.0, 1.0], shape)).astype(numpy.float64)


class TestReLU(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]

    def generate_inputs(self):
        return _away_from_zero(self.rng, self.shape),

    def forward(self, inputs, device):
        return F.relu(*inputs),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.maximum(x, 0),


def test_relu_gradient_at_zero_is_zero():
    x = kusari.Variable(numpy.array([0.0, 1.0, -1.0], numpy.float32))
    y = F.sum(F.relu(x))
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [0.0, 1.0, 0.0])


def test_relu_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"ReLU.*\n\nExpect: x.dtype.kind == 'f'"):
        F.relu(numpy.arange(3))
