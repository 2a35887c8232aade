import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestMoveaxis(testing.FunctionTestCase):
    params = [{'src': 0, 'dst': -1}, {'src': (0, 2), 'dst': (2, 0)},
              {'src': (-1, 1), 'dst': (0, 1)}]

    def generate_inputs(self):
        return self.uniform(-1, 1, (2, 3, 4)),

    def forward(self, inputs, device):
        return F.moveaxis(inputs[0], self.src, self.dst),

    def forward_expected(self, inputs):
        return numpy.moveaxis(inputs[0], self.src, self.dst),


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'source=2'):
        F.moveaxis(x, 2, 0)
    with pytest.raises(InvalidType, match=r'destination=-3'):
        F.moveaxis(x, 0, -3)
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.moveaxis(numpy.zeros((2, 3), numpy.int32), 0, 1)
    with pytest.raises(ValueError, match='Length of source and destination'):
        F.moveaxis(x, (0, 1), 0)
    with pytest.raises(ValueError, match='duplicate'):
        F.moveaxis(x, (0, 0), (0, 1))
    with pytest.raises(TypeError, match='int or tuple of int'):
        F.moveaxis(x, 0.5, 0)
