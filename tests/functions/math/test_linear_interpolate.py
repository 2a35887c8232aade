import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestLinearInterpolate(testing.FunctionTestCase):
    params = [{'shape': (3, 4)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return (self.uniform(0, 1, self.shape), self.uniform(-1, 1, self.shape),
                self.uniform(-1, 1, self.shape))

    def forward(self, inputs, device):
        return F.linear_interpolate(*inputs),

    def forward_expected(self, inputs):
        p, x, y = inputs
        return p * x + (1 - p) * y,


def test_linear_interpolate_errors():
    a = numpy.ones(3, numpy.float32)
    with pytest.raises(InvalidType, match=r'LinearInterpolate.*\n\nExpect: y.dtype == p.dtype'):
        F.linear_interpolate(a, a, numpy.ones(3, numpy.float64))
    with pytest.raises(InvalidType, match=r'Expect: p.shape == x.shape'):
        F.linear_interpolate(a, numpy.ones(2, numpy.float32), a)
    with pytest.raises(InvalidType, match=r"Expect: p.dtype.kind == 'f'"):
        F.linear_interpolate(numpy.ones(3, numpy.int32), a, a)
