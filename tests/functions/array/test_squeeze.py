"""squeeze."""
import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestSqueeze(testing.FunctionTestCase):
    params = [
        {'shape': (1, 3, 1, 2), 'axis': None},
        {'shape': (1, 3, 1, 2), 'axis': 2},
        {'shape': (1, 3, 1, 2), 'axis': (0, -2)},
        {'shape': (1, 1), 'axis': None},
    ]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.squeeze(inputs[0], self.axis),

    def forward_expected(self, inputs):
        return numpy.squeeze(inputs[0], self.axis),


def test_squeeze_axis_not_of_size_one():
    # a ValueError, as NumPy's and Chainer's
    with pytest.raises(ValueError, match=r'Squeeze: cannot squeeze out an axis of size other '
                                         r'than one: x\.shape=\(1, 3\), axis=1'):
        F.squeeze(numpy.ones((1, 3)), 1)
    with pytest.raises(ValueError, match=r'axis=1'):
        F.squeeze(numpy.ones((1, 3, 1)), (1,))


def test_squeeze_axis_out_of_range():
    with pytest.raises(InvalidType, match=r'(?s)Squeeze.*axis=2, x\.ndim=2'):
        F.squeeze(numpy.ones((1, 3)), 2)
