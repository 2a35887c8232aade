import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestFlipUD(testing.FunctionTestCase):
    params = [{'shape': (3,)}, {'shape': (3, 2)}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.flipud(inputs[0]),

    def forward_expected(self, inputs):
        return numpy.flipud(inputs[0]),


def test_errors():
    with pytest.raises(InvalidType, match=r'a.ndim >= 1'):
        F.flipud(numpy.zeros((), numpy.float32))
    with pytest.raises(InvalidType, match=r"a.dtype.kind == 'f'"):
        F.flipud(numpy.zeros(2, numpy.int32))
