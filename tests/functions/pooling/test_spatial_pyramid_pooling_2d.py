import numpy
import pytest

import kusari.functions as F
from kusari import testing


class TestSpatialPyramidPooling2D(testing.FunctionTestCase):
    params = [{'xs': (2, 2, 6, 7), 'height': 3}, {'xs': (1, 3, 4, 4), 'height': 2}]

    def generate_inputs(self):
        return self.rng.permutation(int(numpy.prod(self.xs))).reshape(self.xs) * 0.1,

    def forward(self, inputs, device):
        return F.spatial_pyramid_pooling_2d(inputs[0], self.height, pooling='max'),

    def forward_expected(self, inputs):
        x, = inputs
        n, c, h, w = x.shape
        out = []
        for level in range(self.height):
            bins = 2 ** level
            kh, kw = -(-h // bins), -(-w // bins)
            ph, pw = (kh * bins - h) // 2, (kw * bins - w) // 2
            big = numpy.full((n, c, h + 2 * ph + kh, w + 2 * pw + kw), -numpy.inf)
            big[:, :, ph:ph + h, pw:pw + w] = x
            oh = (h + 2 * ph - kh + kh - 1) // kh + 1
            ow = (w + 2 * pw - kw + kw - 1) // kw + 1
            y = numpy.empty((n, c, oh, ow))
            for i in range(oh):
                for j in range(ow):
                    y[:, :, i, j] = big[:, :, i * kh:(i + 1) * kh, j * kw:(j + 1) * kw].max(
                        axis=(2, 3))
            out.append(y.reshape(n, -1))
        return numpy.concatenate(out, axis=1)[:, :, None, None],


def test_unsupported_pooling():
    with pytest.raises(ValueError, match='Unsupported pooling operation'):
        F.spatial_pyramid_pooling_2d(numpy.ones((1, 1, 4, 4)), 2, pooling='average')
