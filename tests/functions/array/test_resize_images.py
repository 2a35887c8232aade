import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _ref(x, out_h, out_w, mode, align_corners):
    _, _, h, w = x.shape
    y = numpy.zeros(x.shape[:2] + (out_h, out_w))

    def src(i, out, size):
        if mode == 'nearest':
            return min(int(numpy.floor(i * size / out)), size - 1), 0.0
        if align_corners:
            p = i * (size - 1) / (out - 1) if out > 1 else 0.0
        else:
            p = max((i + 0.5) * size / out - 0.5, 0.0)
        return int(p), p - int(p)

    for i in range(out_h):
        v, vw = src(i, out_h, h)
        for j in range(out_w):
            u, uw = src(j, out_w, w)
            v1, u1 = min(v + 1, h - 1), min(u + 1, w - 1)
            y[:, :, i, j] = ((1 - vw) * (1 - uw) * x[:, :, v, u] + (1 - vw) * uw * x[:, :, v, u1]
                             + vw * (1 - uw) * x[:, :, v1, u] + vw * uw * x[:, :, v1, u1])
    return y


class TestResizeImages(testing.FunctionTestCase):
    params = testing.product({'out': [(5, 4), (2, 2), (3, 1)],
                              'mode': ['bilinear', 'nearest'],
                              'align_corners': [True, False]})

    def generate_inputs(self):
        return self.uniform(-1, 1, (2, 1, 3, 4)),

    def forward(self, inputs, device):
        return F.resize_images(inputs[0], self.out, mode=self.mode,
                               align_corners=self.align_corners),

    def forward_expected(self, inputs):
        return _ref(inputs[0], *self.out, self.mode, self.align_corners),


def test_identity_size():
    x = numpy.random.rand(1, 2, 3, 4).astype(numpy.float32)
    numpy.testing.assert_allclose(F.resize_images(x, (3, 4)).array, x, rtol=1e-6)


def test_errors():
    with pytest.raises(InvalidType, match=r'x.ndim == 4'):
        F.resize_images(numpy.zeros((1, 3, 3), numpy.float32), (2, 2))
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.resize_images(numpy.zeros((1, 1, 3, 3), numpy.int32), (2, 2))
    with pytest.raises(ValueError, match='mode'):
        F.resize_images(numpy.zeros((1, 1, 3, 3), numpy.float32), (2, 2), mode='cubic')
