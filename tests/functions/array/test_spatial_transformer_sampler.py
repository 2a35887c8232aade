import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def sampler_ref(x, grid):
    """Bilinear sampling with a zero border, one point at a time."""
    n, c, h, w = x.shape
    xp = numpy.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    out = numpy.zeros((n, c) + grid.shape[2:])
    for b in range(n):
        for i in range(grid.shape[2]):
            for j in range(grid.shape[3]):
                u = min(max((grid[b, 0, i, j] + 1) * (w - 1) / 2 + 1, 0), w + 1)
                v = min(max((grid[b, 1, i, j] + 1) * (h - 1) / 2 + 1, 0), h + 1)
                u0, v0 = min(int(numpy.floor(u)), w), min(int(numpy.floor(v)), h)
                du, dv = u - u0, v - v0
                out[b, :, i, j] = ((1 - dv) * (1 - du) * xp[b, :, v0, u0]
                                   + (1 - dv) * du * xp[b, :, v0, u0 + 1]
                                   + dv * (1 - du) * xp[b, :, v0 + 1, u0]
                                   + dv * du * xp[b, :, v0 + 1, u0 + 1])
    return out


class TestSpatialTransformerSampler(testing.FunctionTestCase):
    params = [{'in_hw': (4, 5), 'out_hw': (3, 2)}, {'in_hw': (3, 3), 'out_hw': (2, 4)}]
    tolerances = {
        # the coordinates are rescaled in float16 before the weights are taken
        ('forward', 'float16'): dict(atol=2e-2, rtol=2e-2),
        ('grad', 'float16'): dict(atol=5e-2, rtol=5e-2),
    }

    def generate_inputs(self):
        h, w = self.in_hw
        n, shape = 2, (2,) + self.out_hw
        # padded pixel coordinates kept 0.1 away from the pixel lines (where the derivative
        # in the coordinates jumps), some outside the image; then normalized to [-1, 1]
        u = self.rng.integers(0, w + 1, shape) + self.uniform(0.1, 0.9, shape)
        v = self.rng.integers(0, h + 1, shape) + self.uniform(0.1, 0.9, shape)
        grid = numpy.stack([(u - 1) * 2 / (w - 1) - 1, (v - 1) * 2 / (h - 1) - 1], axis=1)
        return self.uniform(-1, 1, (n, 3, h, w)), grid

    def forward(self, inputs, device):
        return F.spatial_transformer_sampler(*inputs),

    def forward_expected(self, inputs):
        return sampler_ref(*inputs),


def test_identity_grid_reproduces_the_image():
    x = numpy.random.default_rng(0).uniform(size=(2, 3, 4, 5)).astype(numpy.float32)
    theta = numpy.tile(numpy.array([[1, 0, 0], [0, 1, 0]], numpy.float32), (2, 1, 1))
    y = F.spatial_transformer_sampler(x, F.spatial_transformer_grid(theta, (4, 5)))
    numpy.testing.assert_allclose(y.array, x, atol=1e-6)


def test_far_outside_is_zero_with_zero_gradient():
    x = kusari.Variable(numpy.ones((1, 1, 3, 3)))
    grid = kusari.Variable(numpy.full((1, 2, 1, 1), 5.0))
    y = F.spatial_transformer_sampler(x, grid)
    assert y.array.item() == 0
    y.grad = numpy.ones_like(y.array)
    y.backward()
    assert not x.grad.any() and not grid.grad.any()


def test_sampler_dtype_mismatch():
    with pytest.raises(InvalidType, match='grid.dtype == x.dtype'):
        F.spatial_transformer_sampler(numpy.ones((1, 1, 2, 2)),
                                      numpy.ones((1, 2, 2, 2), numpy.float32))


def test_sampler_batch_mismatch():
    with pytest.raises(InvalidType, match=r'x.shape\[0\] == grid.shape\[0\]'):
        F.spatial_transformer_sampler(numpy.ones((2, 1, 2, 2)), numpy.ones((1, 2, 2, 2)))
