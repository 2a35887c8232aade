import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestFmod(testing.FunctionTestCase):
    params = [{'shapes': ((3, 4), (3, 4))}, {'shapes': ((3, 4), (4,))}, {'shapes': ((), ())}]
    check_order3 = True

    def generate_inputs(self):
        s1, s2 = self.shapes
        d = self.uniform(0.7, 1.3, s2) * self.rng.choice([-1.0, 1.0], s2)
        # x / d stays away from the integers, where fmod jumps
        q = self.rng.integers(-3, 4, numpy.broadcast_shapes(s1, s2)) + self.uniform(
            0.2, 0.8, numpy.broadcast_shapes(s1, s2))
        return numpy.asarray(q * d), numpy.asarray(d)

    def forward(self, inputs, device):
        return F.fmod(*inputs),

    def forward_expected(self, inputs):
        return numpy.fmod(*inputs),


def test_fmod_errors():
    x = numpy.ones(3, numpy.float32)
    with pytest.raises(InvalidType, match=r'fmod.*\n\nExpect: x.dtype == divisor.dtype'):
        F.fmod(x, numpy.ones(3, numpy.float64))
    with pytest.raises(InvalidType, match=r"Expect: x.dtype.kind == 'f'"):
        F.fmod(numpy.ones(3, numpy.int32), numpy.ones(3, numpy.int32))
