import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestRollaxis(testing.FunctionTestCase):
    params = [{'axis': 2, 'start': 0}, {'axis': 0, 'start': 3}, {'axis': -1, 'start': -2},
              {'axis': 1, 'start': 1}]

    def generate_inputs(self):
        return self.uniform(-1, 1, (2, 3, 4)),

    def forward(self, inputs, device):
        return F.rollaxis(inputs[0], self.axis, self.start),

    def forward_expected(self, inputs):
        return numpy.rollaxis(inputs[0], self.axis, self.start),


def test_all_positions_match_numpy():
    x = numpy.arange(24.0).reshape(2, 3, 4)
    for a in range(-3, 3):
        for s in range(-3, 4):
            numpy.testing.assert_array_equal(F.rollaxis(x, a, s).array,
                                             numpy.rollaxis(x, a, s))


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'axis=2, x.ndim=2'):
        F.rollaxis(x, 2)
    with pytest.raises(InvalidType, match=r'start=3, x.ndim=2'):
        F.rollaxis(x, 0, 3)
    with pytest.raises(TypeError, match='axis must be int'):
        F.rollaxis(x, 0.0)
    with pytest.raises(TypeError, match='start must be int'):
        F.rollaxis(x, 0, None)
