import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestSplitAxis(testing.FunctionTestCase):
    params = [{'shape': (2, 6, 2), 'ios': 3, 'axis': 1},
              {'shape': (2, 6, 2), 'ios': [1, 4], 'axis': 1},
              {'shape': (5, 2), 'ios': numpy.array([2]), 'axis': -2},
              {'shape': (3, 4), 'ios': [0, 4], 'axis': 1}]   # empty pieces

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.split_axis(inputs[0], self.ios, self.axis)

    def forward_expected(self, inputs):
        return tuple(numpy.split(inputs[0], self.ios, self.axis))


def test_force_tuple():
    x = numpy.zeros((2, 3))
    y = F.split_axis(x, 1, 0, force_tuple=False)
    assert isinstance(y, kusari.Variable) and y.shape == (2, 3)
    assert isinstance(F.split_axis(x, 1, 0), tuple)


def test_unused_outputs_get_zero_gradients():
    x = kusari.Variable(numpy.arange(6.0).reshape(2, 3))
    a, b = F.split_axis(x, [1], 1)
    F.sum(b * b).backward()
    numpy.testing.assert_array_equal(x.grad, [[0, 2, 4], [0, 8, 10]])


def test_errors():
    x = numpy.zeros((2, 5), numpy.float32)
    with pytest.raises(InvalidType, match=r'x.shape\[axis\] % sections == 0'):
        F.split_axis(x, 2, 1)
    with pytest.raises(InvalidType, match=r'max_index'):
        F.split_axis(x, [1, 6], 1)
    with pytest.raises(InvalidType, match=r'axis=2'):
        F.split_axis(x, 1, 2)
    with pytest.raises(TypeError, match='integer or 1-D array'):
        F.split_axis(x, 1.5, 1)
    with pytest.raises(TypeError, match='1-D'):
        F.split_axis(x, numpy.zeros((1, 1), numpy.int32), 1)
    with kusari.using_config('debug', True):
        with pytest.raises(ValueError, match='sorted'):
            F.split_axis(x, [3, 1], 1)
