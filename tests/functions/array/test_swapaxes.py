import numpy
import pytest

import kusari.functions as F
from kusari import testing


class TestSwapaxes(testing.FunctionTestCase):
    params = [{'a1': 0, 'a2': 2}, {'a1': -1, 'a2': 1}]

    def generate_inputs(self):
        return self.uniform(-1, 1, (2, 3, 4)),

    def forward(self, inputs, device):
        return F.swapaxes(inputs[0], self.a1, self.a2),

    def forward_expected(self, inputs):
        return numpy.swapaxes(inputs[0], self.a1, self.a2),


def test_axis_out_of_range():
    with pytest.raises(numpy.exceptions.AxisError, match='axis 3 is out of bounds'):
        F.swapaxes(numpy.zeros((2, 3), numpy.float32), 0, 3)
