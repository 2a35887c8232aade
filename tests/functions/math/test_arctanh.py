import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestArctanh(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-0.9, 0.9, self.shape),

    def forward(self, inputs, device):
        return F.arctanh(*inputs),

    def forward_expected(self, inputs):
        return numpy.arctanh(*inputs),


def test_arctanh_refuses_integers():
    with pytest.raises(InvalidType, match=r"(?s)Arctanh.*x.dtype.kind == 'f'"):
        F.arctanh(numpy.arange(3))
