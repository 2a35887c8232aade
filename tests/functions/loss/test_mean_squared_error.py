import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestMeanSquaredError(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]

    def generate_inputs(self):
        a = self.uniform(-1, 1, self.shape)
        # keep |a - b| away from 0, where |.| has a kink
        gap = self.uniform(0.2, 1, self.shape) * self.rng.choice([-1, 1], self.shape)
        return a, a + gap

    def forward(self, inputs, device):
        return F.mean_squared_error(*inputs),

    def forward_expected(self, inputs):
        a, b = inputs
        return numpy.asarray(((a - b) ** 2).mean()),


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'x0.dtype == x1.dtype'):
        F.mean_squared_error(x, x.astype(numpy.float64))
    with pytest.raises(InvalidType, match=r'x0.shape == x1.shape'):
        F.mean_squared_error(x, numpy.zeros((3, 2), numpy.float32))
    with pytest.raises(InvalidType, match=r"x0.dtype.kind == 'f'"):
        F.mean_squared_error(x.astype(numpy.int32), x.astype(numpy.int32))
