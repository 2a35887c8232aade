import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestDstack(testing.FunctionTestCase):
    params = [{'shapes': [(2, 3, 2), (2, 3, 2)]}, {'shapes': [(3,), (3,)]},
              {'shapes': [(), ()]}, {'shapes': [(2, 2)]}, {'shapes': [(2, 2, 1), (2, 2, 3)]}]

    def generate_inputs(self):
        return tuple(self.uniform(-1, 1, s) for s in self.shapes)

    def forward(self, inputs, device):
        return F.dstack(inputs),

    def forward_expected(self, inputs):
        return numpy.dstack(inputs),


def test_errors():
    a = numpy.zeros((2, 3, 1), numpy.float32)
    with pytest.raises(InvalidType, match=r'x0.shape\[1\] == x1.shape\[1\]'):
        F.dstack([a, numpy.zeros((2, 2, 1), numpy.float32)])
    with pytest.raises(InvalidType, match=r'x0.shape == x1.shape'):
        F.dstack([numpy.zeros((2, 3), numpy.float32), numpy.zeros((2, 2), numpy.float32)])
    with pytest.raises(InvalidType, match=r'x0.dtype == x1.dtype'):
        F.dstack([a, a.astype(numpy.float64)])
