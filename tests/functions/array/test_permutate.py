import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestPermutate(testing.FunctionTestCase):
    params = testing.product({'axis': [0, 1, -1], 'inv': [False, True]})

    def generate_inputs(self):
        return self.uniform(-1, 1, (3, 3)),

    def forward(self, inputs, device):
        return F.permutate(inputs[0], numpy.array([2, 0, 1], numpy.int32), self.axis,
                           self.inv),

    def forward_expected(self, inputs):
        ind = numpy.array([2, 0, 1])
        if self.inv:
            ind = numpy.argsort(ind)
        return numpy.take(inputs[0], ind, axis=self.axis),


def test_variable_indices():
    x = numpy.arange(3.0)
    y = F.permutate(x, kusari.Variable(numpy.array([1, 2, 0])))
    numpy.testing.assert_array_equal(y.array, [1, 2, 0])


def test_errors():
    x = numpy.zeros((3, 2), numpy.float32)
    with pytest.raises(ValueError, match='one-dimensional int array'):
        F.permutate(x, numpy.array([0.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match='one-dimensional int array'):
        F.permutate(x, numpy.array([[0, 1, 2]]))
    with pytest.raises(InvalidType, match=r'axis=2, x.ndim=2'):
        F.permutate(x, numpy.array([0, 1]), axis=2)
    with pytest.raises(InvalidType, match=r'x.shape\[axis\] == len\(indices\)'):
        F.permutate(x, numpy.array([0, 1]))
    with kusari.using_config('debug', True):
        with pytest.raises(ValueError, match='Out of bounds index: 3'):
            F.permutate(x, numpy.array([0, 1, 3]))
        with pytest.raises(ValueError, match='duplicate value: 1'):
            F.permutate(x, numpy.array([1, 1, 0]))
