import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestTransposeSequence(testing.FunctionTestCase):
    params = [{'lengths': [3, 2, 2], 'unit': (2,)}, {'lengths': [2, 1], 'unit': ()},
              {'lengths': [1], 'unit': (3,)}]

    def generate_inputs(self):
        return tuple(self.uniform(-1, 1, (n,) + self.unit) for n in self.lengths)

    def forward(self, inputs, device):
        return F.transpose_sequence(inputs)

    def forward_expected(self, inputs):
        return tuple(numpy.stack([x[t] for x in inputs if len(x) > t])
                     for t in range(len(inputs[0])))


def test_twice_is_identity_and_empty():
    xs = [numpy.random.rand(3, 2), numpy.random.rand(1, 2)]
    back = F.transpose_sequence(F.transpose_sequence(xs))
    for a, b in zip(back, xs):
        numpy.testing.assert_array_equal(a.array, b)
    assert F.transpose_sequence([]) == ()


def test_unused_outputs():
    x = kusari.Variable(numpy.arange(3.0))
    y0, y1, y2 = F.transpose_sequence([x])
    F.sum(y1).backward()
    numpy.testing.assert_array_equal(x.grad, [0, 1, 0])


def test_errors():
    with pytest.raises(InvalidType, match=r'xs\[0\].shape\[0\] >= xs\[1\].shape\[0\]'):
        F.transpose_sequence([numpy.zeros(1, numpy.float32), numpy.zeros(2, numpy.float32)])
    with pytest.raises(InvalidType, match=r'shape\[1:\]'):
        F.transpose_sequence([numpy.zeros((2, 1), numpy.float32),
                              numpy.zeros((2, 2), numpy.float32)])
