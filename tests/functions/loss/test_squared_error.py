import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestSquaredError(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]

    def generate_inputs(self):
        a = self.uniform(-1, 1, self.shape)
        # keep |a - b| away from 0, where |.| has a kink
        gap = self.uniform(0.2, 1, self.shape) * self.rng.choice([-1, 1], self.shape)
        return a, a + gap

    def forward(self, inputs, device):
        return F.squared_error(*inputs),

    def forward_expected(self, inputs):
        a, b = inputs
        return numpy.asarray((a - b) ** 2),


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'x0.dtype == x1.dtype'):
        F.squared_error(x, x.astype(numpy.float64))
    with pytest.raises(InvalidType, match=r'x0.shape == x1.shape'):
        F.squared_error(x, numpy.zeros((3, 2), numpy.float32))
    with pytest.raises(InvalidType, match=r"x0.dtype.kind == 'f'"):
        F.squared_error(x.astype(numpy.int32), x.astype(numpy.int32))


def test_squared_difference_alias():
    from kusari.functions.loss.squared_error import squared_difference
    a, b = numpy.arange(3.0), numpy.ones(3)
    numpy.testing.assert_array_equal(squared_difference(a, b).array, [1, 0, 1])
