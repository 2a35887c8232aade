import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestUpsampling2D(testing.FunctionTestCase):
    params = [{'k': 2, 's': 2, 'p': 0, 'cover_all': False},
              {'k': 3, 's': 2, 'p': 1, 'cover_all': True}]

    def generate_inputs(self):
        rng = numpy.random.default_rng(3)
        self.x0 = rng.permutation(2 * 3 * 5 * 6).reshape(2, 3, 5, 6).astype(numpy.float64)
        y, self.indexes = F.max_pooling_2d(self.x0, self.k, self.s, self.p, self.cover_all,
                                           return_indices=True)
        return self.uniform(-1, 1, y.shape),

    def forward(self, inputs, device):
        return F.upsampling_2d(inputs[0], device.send(self.indexes), self.k, self.s, self.p,
                               (5, 6), self.cover_all),

    def forward_expected(self, inputs):
        x, = inputs
        k, s, p = self.k, self.s, self.p
        big = numpy.zeros(x.shape[:2] + (5 + 2 * p + k + s, 6 + 2 * p + k + s))
        for n, c, i, j in numpy.ndindex(*x.shape):
            ky, kx = divmod(int(self.indexes[n, c, i, j]), k)
            big[n, c, i * s + ky, j * s + kx] += x[n, c, i, j]
        return big[:, :, p:p + 5, p:p + 6],


def test_inverts_max_pooling_positions():
    x = numpy.arange(16, dtype=numpy.float64).reshape(1, 1, 4, 4)
    y, idx = F.max_pooling_2d(x, 2, return_indices=True)
    up = F.upsampling_2d(y, idx, 2, outsize=(4, 4)).array
    numpy.testing.assert_array_equal(up, numpy.where(up != 0, x, 0))
    assert (up != 0).sum() == 4


def test_shape_mismatch():
    idx = numpy.zeros((1, 1, 2, 2), numpy.int32)
    with pytest.raises(InvalidType, match=r'x.shape == indexes.shape'):
        F.upsampling_2d(numpy.ones((1, 1, 3, 3)), idx, 2)
