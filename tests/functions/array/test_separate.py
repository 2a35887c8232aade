import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestSeparate(testing.FunctionTestCase):
    params = [{'shape': (3, 2), 'axis': 0}, {'shape': (2, 3, 2), 'axis': -2}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.separate(inputs[0], self.axis)

    def forward_expected(self, inputs):
        return tuple(numpy.moveaxis(inputs[0], self.axis, 0))


def test_unused_outputs():
    x = kusari.Variable(numpy.arange(6.0).reshape(3, 2))
    a, b, c = F.separate(x)
    F.sum(b).backward()
    numpy.testing.assert_array_equal(x.grad, [[0, 0], [1, 1], [0, 0]])


def test_errors():
    with pytest.raises(InvalidType, match=r'axis=2, x.ndim=2'):
        F.separate(numpy.zeros((2, 2), numpy.float32), 2)
