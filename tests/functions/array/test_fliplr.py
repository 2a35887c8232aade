import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestFlipLR(testing.FunctionTestCase):
    params = [{'shape': (2, 3)}, {'shape': (2, 3, 2)}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.fliplr(inputs[0]),

    def forward_expected(self, inputs):
        return numpy.fliplr(inputs[0]),


def test_errors():
    with pytest.raises(InvalidType, match=r'a.ndim >= 2'):
        F.fliplr(numpy.zeros(3, numpy.float32))
    with pytest.raises(InvalidType, match=r"a.dtype.kind == 'f'"):
        F.fliplr(numpy.zeros((2, 2), numpy.int32))
