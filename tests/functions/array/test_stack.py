import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestStack(testing.FunctionTestCase):
    params = [{'shape': (2, 3), 'axis': 0, 'n': 3}, {'shape': (2, 3), 'axis': -1, 'n': 2},
              {'shape': (), 'axis': 0, 'n': 2}, {'shape': (2,), 'axis': 1, 'n': 1}]

    def generate_inputs(self):
        return tuple(self.uniform(-1, 1, self.shape) for _ in range(self.n))

    def forward(self, inputs, device):
        return F.stack(inputs, self.axis),

    def forward_expected(self, inputs):
        return numpy.stack(inputs, self.axis),


def test_errors():
    a = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'in_types\[1\].shape == in_types\[0\].shape'):
        F.stack([a, numpy.zeros((3, 2), numpy.float32)])
    with pytest.raises(InvalidType, match=r'in_types\[1\].dtype == in_types\[0\].dtype'):
        F.stack([a, a.astype(numpy.float64)])
    with pytest.raises(InvalidType, match=r'axis=3'):
        F.stack([a, a], axis=3)
