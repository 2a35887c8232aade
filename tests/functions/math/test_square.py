"""square."""
import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestSquare(testing.FunctionTestCase):
    check_order3 = True
    params = [{'shape': (3, 2)}, {'shape': ()}]

    def generate_inputs(self):
        return self.uniform(-1.5, 1.5, self.shape),

    def forward(self, inputs, device):
        return F.square(inputs[0]),

    def forward_expected(self, inputs):
        return numpy.square(inputs[0]),


def test_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"(?s)square \(Forward\).*x\.dtype\.kind == 'f'.*"
                                          r'x\.dtype=int32'):
        F.square(numpy.arange(3, dtype=numpy.int32))
