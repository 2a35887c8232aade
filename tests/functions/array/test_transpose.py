"""transpose."""
import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestTranspose(testing.FunctionTestCase):
    params = [
        {'shape': (2, 3), 'axes': None},
        {'shape': (2, 3, 4), 'axes': None},
        {'shape': (2, 3, 4), 'axes': (1, 2, 0)},
        {'shape': (2, 3, 4), 'axes': (-1, 0, -2)},
        {'shape': (3,), 'axes': (0,)},
    ]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.transpose(inputs[0], self.axes),

    def forward_expected(self, inputs):
        return inputs[0].transpose(self.axes),


@pytest.mark.parametrize('axes', [(0, 1), (0, 0, 1), (0, 1, 3), (0, 1, -4)])
def test_transpose_bad_axes(axes):
    with pytest.raises(InvalidType, match=r'(?s)Transpose \(Forward\).*axes is a permutation of '
                                          r'range\(x\.ndim\).*axes={}, x\.ndim=3'.format(
                                              str(axes).replace('(', r'\(').replace(')', r'\)'))):
        F.transpose(numpy.ones((2, 3, 4)), axes)
