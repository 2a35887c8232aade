import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _space2depth_ref(x, r):
    b, c, h, w = x.shape
    y = numpy.empty((b, c * r * r, h // r, w // r))
    for i in range(r):
        for j in range(r):
            y[:, (i * r + j) * c:(i * r + j + 1) * c] = x[:, :, i::r, j::r]
    return y


class TestSpace2Depth(testing.FunctionTestCase):
    params = [{'shape': (2, 2, 4, 6), 'r': 2}, {'shape': (1, 1, 3, 3), 'r': 3}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.space2depth(inputs[0], self.r),

    def forward_expected(self, inputs):
        return _space2depth_ref(inputs[0], self.r),


def test_inverse_of_depth2space():
    x = numpy.random.rand(2, 3, 4, 6)
    numpy.testing.assert_array_equal(F.depth2space(F.space2depth(x, 2), 2).array, x)


def test_errors():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.space2depth(numpy.zeros((1, 1, 2, 2), numpy.int32), 2)
    with pytest.raises(InvalidType, match=r'x.ndim == 4'):
        F.space2depth(numpy.zeros((1, 2, 2), numpy.float32), 2)
    with pytest.raises(InvalidType, match=r'% r == 0'):
        F.space2depth(numpy.zeros((1, 1, 3, 2), numpy.float32), 2)
