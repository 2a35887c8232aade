import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestHardSigmoid(testing.FunctionTestCase):
    params = [{'shape': (4, 3)}, {'shape': ()}]

    def generate_inputs(self):
        # away from the kinks at -2.5 and 2.5
        x = self.rng.uniform(-4, 4, self.shape)
        x = numpy.where(abs(abs(x) - 2.5) < 0.2, 1.0, x)
        return numpy.asarray(x),

    def forward(self, inputs, device):
        return F.hard_sigmoid(*inputs),

    def forward_expected(self, inputs):
        return numpy.clip(0.2 * inputs[0] + 0.5, 0, 1),


def test_hard_sigmoid_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"HardSigmoid.*\n\nExpect: x.dtype.kind == 'f'"):
        F.hard_sigmoid(numpy.arange(3))
