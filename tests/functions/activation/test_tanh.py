import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestTanh(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-2, 2, self.shape),

    def forward(self, inputs, device):
        return F.tanh(*inputs),

    def forward_expected(self, inputs):
        return numpy.tanh(*inputs),


def test_tanh_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"Tanh.*\n\nExpect: x.dtype.kind == 'f'"):
        F.tanh(numpy.arange(3))
