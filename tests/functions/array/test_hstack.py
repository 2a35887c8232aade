import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestHstack(testing.FunctionTestCase):
    params = [{'shapes': [(2, 3, 2), (2, 3, 2)]}, {'shapes': [(3,), (3,)]},
              {'shapes': [(), ()]}, {'shapes': [(2, 2)]},
              {'shapes': [(2, 1, 2), (2, 3, 2)]}, {'shapes': [(2,), (3,)]}]

    def generate_inputs(self):
        return tuple(self.uniform(-1, 1, s) for s in self.shapes)

    def forward(self, inputs, device):
        return F.hstack(inputs),

    def forward_expected(self, inputs):
        return numpy.hstack(inputs),


def test_errors():
    a = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'x0.shape\[0\] == x1.shape\[0\]'):
        F.hstack([a, numpy.zeros((3, 3), numpy.float32)])
    with pytest.raises(InvalidType, match=r'x0.dtype == x1.dtype'):
        F.hstack([a, a.astype(numpy.float64)])
    with pytest.raises(InvalidType, match=r'x0.ndim == x1.ndim'):
        F.hstack([a, numpy.zeros(3, numpy.float32)])
    with pytest.raises(InvalidType, match=r'size\(\) > 0'):
        F.hstack([])
