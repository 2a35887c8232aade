import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _depth2space_ref(x, r):
    b, c, h, w = x.shape
    oc = c // (r * r)
    y = numpy.empty((b, oc, h * r, w * r))
    for i in range(r):
        for j in range(r):
            y[:, :, i::r, j::r] = x[:, (i * r + j) * oc:(i * r + j + 1) * oc]
    return y


class TestDepth2Space(testing.FunctionTestCase):
    params = [{'shape': (2, 8, 2, 3), 'r': 2}, {'shape': (1, 9, 1, 2), 'r': 3}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.depth2space(inputs[0], self.r),

    def forward_expected(self, inputs):
        return _depth2space_ref(inputs[0], self.r),


def test_chainer_example():
    x = numpy.arange(24).reshape(1, 4, 2, 3).astype(numpy.float32)
    y = F.depth2space(x, 2).array
    numpy.testing.assert_array_equal(y[0, 0, :2], [[0, 6, 1, 7, 2, 8], [12, 18, 13, 19, 14, 20]])


def test_errors():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.depth2space(numpy.zeros((1, 4, 2, 2), numpy.int32), 2)
    with pytest.raises(InvalidType, match=r'x.ndim == 4'):
        F.depth2space(numpy.zeros((4, 2, 2), numpy.float32), 2)
    with pytest.raises(InvalidType, match=r'r \* r'):
        F.depth2space(numpy.zeros((1, 6, 2, 2), numpy.float32), 2)
