import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestClippedReLU(testing.FunctionTestCase):
    params = [{'shape': (4, 3), 'z': 0.75}, {'shape': (), 'z': 20.0}, {'shape': (5,), 'z': None}]

    def generate_inputs(self):
        cap = 6.0 if self.z is None else self.z
        x = self.rng.uniform(-1, 1.5 * cap, self.shape)
        x = numpy.where((abs(x) < 0.1) | (abs(x - cap) < 0.1), cap / 2, x)
        return numpy.asarray(x),

    def forward(self, inputs, device):
        if self.z is None:
            return F.relu6(*inputs),
        return F.clipped_relu(*inputs, z=self.z),

    def forward_expected(self, inputs):
        return numpy.clip(inputs[0], 0, 6.0 if self.z is None else self.z),


def test_clipped_relu_z_must_be_a_positive_float():
    x = numpy.zeros(3, numpy.float32)
    with pytest.raises(TypeError, match='z must be float value'):
        F.clipped_relu(x, 2)
    with pytest.raises(AssertionError, match='positive'):
        F.clipped_relu(x, -1.0)


def test_clipped_relu_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"ClippedReLU.*\n\nExpect: x.dtype.kind == 'f'"):
        F.relu6(numpy.arange(3))
