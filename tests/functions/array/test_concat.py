import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestConcat(testing.FunctionTestCase):
    params = [{'shapes': [(2, 3, 2), (2, 1, 2), (2, 2, 2)], 'axis': 1},
              {'shapes': [(2, 3), (1, 3)], 'axis': -2},
              {'shapes': [(4,)], 'axis': 0}]

    def generate_inputs(self):
        return tuple(self.uniform(-1, 1, s) for s in self.shapes)

    def forward(self, inputs, device):
        return F.concat(inputs, self.axis),

    def forward_expected(self, inputs):
        return numpy.concatenate(inputs, self.axis),


def test_default_axis_is_1():
    assert F.concat([numpy.zeros((2, 3)), numpy.zeros((2, 2))]).shape == (2, 5)


def test_errors():
    a = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'Concat'):
        F.concat([a, numpy.zeros((3, 3), numpy.float32)], axis=1)
    with pytest.raises(InvalidType, match=r'dtype'):
        F.concat([a, a.astype(numpy.float64)], axis=0)
    with pytest.raises(InvalidType, match=r'ndim'):
        F.concat([a, numpy.zeros((2, 3, 1), numpy.float32)], axis=0)
    with pytest.raises(InvalidType, match=r'axis=2'):
        F.concat([a, a], axis=2)
    with pytest.raises(InvalidType, match=r'size\(\) > 0'):
        F.concat([], axis=0)
    with pytest.raises(TypeError, match='axis must be int'):
        F.concat([a], axis=1.0)
