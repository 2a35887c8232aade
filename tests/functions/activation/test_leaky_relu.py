import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestLeakyReLU(testing.FunctionTestCase):
    params = [{'shape': (3, 2), 'slope': 0.2}, {'shape': (), 'slope': -0.5}]

    def generate_inputs(self):
        x = self.uniform(0.1, 1, self.shape) * self.rng.choice([-1.0, 1.0], self.shape)
        return numpy.asarray(x),

    def forward(self, inputs, device):
        return F.leaky_relu(*inputs, slope=self.slope),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.where(x >= 0, x, self.slope * x),


def test_leaky_relu_default_slope():
    y = F.leaky_relu(numpy.array([-1.0, 2.0], numpy.float32))
    numpy.testing.assert_allclose(y.array, [-0.2, 2.0])
    assert y.dtype == numpy.float32


def test_leaky_relu_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"LeakyReLU.*\n\nExpect: x.dtype.kind == 'f'"):
        F.leaky_relu(numpy.arange(3))
