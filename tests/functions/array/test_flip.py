import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestFlip(testing.FunctionTestCase):
    params = [{'shape': (2, 3, 2), 'axis': 1}, {'shape': (4,), 'axis': -1}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.flip(inputs[0], self.axis),

    def forward_expected(self, inputs):
        return numpy.flip(inputs[0], self.axis),


def test_errors():
    with pytest.raises(InvalidType, match=r'x.ndim > 0'):
        F.flip(numpy.zeros((), numpy.float32), 0)
    with pytest.raises(InvalidType, match=r'axis=2, x.ndim=2'):
        F.flip(numpy.zeros((2, 2), numpy.float32), 2)
    with pytest.raises(TypeError, match='axis must be int'):
        F.flip(numpy.zeros((2, 2), numpy.float32), None)


def test_private_flip_helper():
    """``flip._flip`` (Chainer's helper, which its tests use as numpy.flip's fallback)."""
    from kusari.functions.array.flip import _flip
    x = numpy.arange(24).reshape(2, 3, 4)
    for axis in (0, 1, -1):
        numpy.testing.assert_array_equal(_flip(x, axis), numpy.flip(x, axis))
