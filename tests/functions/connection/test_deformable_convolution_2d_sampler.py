import numpy
import pytest

import kusari.functions as F
from kusari import testing


def _bilinear_zero(img, y, x):
    """``img`` (C, H, W) at ``(y, x)`` with zeros outside."""
    c, h, w = img.shape
    y0, x0 = int(numpy.floor(y)), int(numpy.floor(x))
    out = numpy.zeros(c)
    for yy, wy in ((y0, 1 - (y - y0)), (y0 + 1, y - y0)):
        for xx, wx in ((x0, 1 - (x - x0)), (x0 + 1, x - x0)):
            if 0 <= yy < h and 0 <= xx < w:
                out += wy * wx * img[:, yy, xx]
    return out


def deform_ref(x, offset, W, b, stride, pad):
    (sy, sx), (ph, pw) = stride, pad
    xp = numpy.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out_c, c, kh, kw = W.shape
    n, _, out_h, out_w = offset.shape
    y = numpy.zeros((n, out_c, out_h, out_w))
    for b_ in range(n):
        for i in range(out_h):
            for j in range(out_w):
                for k in range(kh):
                    for m in range(kw):
                        t = k * kw + m
                        v = _bilinear_zero(xp[b_], i * sy + k + offset[b_, kh * kw + t, i, j],
                                           j * sx + m + offset[b_, t, i, j])
                        y[b_, :, i, j] += W[:, :, k, m] @ v
    return y if b is None else y + b[None, :, None, None]


class TestDeformableConvolution2DSampler(testing.FunctionTestCase):
    params = [{'k': (2, 2), 'stride': (1, 1), 'pad': (0, 0), 'nobias': False},
              {'k': (3, 2), 'stride': (2, 1), 'pad': (1, 0), 'nobias': True},
              {'k': (1, 3), 'stride': (1, 2), 'pad': (1, 2), 'nobias': False}]
    tolerances = {
        # bilinear weights of float16 coordinates
        ('forward', 'float16'): dict(atol=2e-2, rtol=2e-2),
        ('grad', 'float16'): dict(atol=5e-2, rtol=5e-2),
    }

    def generate_inputs(self):
        (kh, kw), (sy, sx), (ph, pw) = self.k, self.stride, self.pad
        h, w = 5, 4
        out_h, out_w = (h + 2 * ph - kh) // sy + 1, (w + 2 * pw - kw) // sx + 1
        shape = (2, 2 * kh * kw, out_h, out_w)
        # offsets 0.1 away from whole pixels, where the derivative in the offsets jumps
        offset = self.rng.integers(-2, 2, shape) + self.uniform(0.1, 0.9, shape)
        inputs = (self.uniform(-1, 1, (2, 3, h, w)), offset, self.uniform(-1, 1, (2, 3, kh, kw)))
        return inputs if self.nobias else inputs + (self.uniform(-1, 1, (2,)),)

    def forward(self, inputs, device):
        return F.deformable_convolution_2d_sampler(*inputs[:3], *inputs[3:], stride=self.stride,
                                                   pad=self.pad),

    def forward_expected(self, inputs):
        b = inputs[3] if len(inputs) == 4 else None
        return deform_ref(*inputs[:3], b, self.stride, self.pad),


@pytest.mark.parametrize('params', [(1, 1, 1, 1, 1, 1), (2, 2, 2, 2, 2, 2), (3, 2, 1, 2, 0, 1)])
def test_zero_offset_is_a_convolution(params):
    kh, kw, sy, sx, ph, pw = params
    rng = numpy.random.default_rng(0)
    x = rng.uniform(-1, 1, (2, 3, 7, 6)).astype(numpy.float32)
    W = rng.uniform(-1, 1, (2, 3, kh, kw)).astype(numpy.float32)
    b = rng.uniform(-1, 1, 2).astype(numpy.float32)
    y_conv = F.convolution_2d(x, W, b, (sy, sx), (ph, pw))
    offset = numpy.zeros((2, 2 * kh * kw) + y_conv.shape[2:], numpy.float32)
    y = F.deformable_convolution_2d_sampler(x, offset, W, b, (sy, sx), (ph, pw))
    numpy.testing.assert_allclose(y.array, y_conv.array, atol=1e-5, rtol=1e-5)


def test_offset_shape():
    with pytest.raises(ValueError, match='offset does not match the kernel size'):
        F.deformable_convolution_2d_sampler(numpy.ones((1, 1, 4, 4)), numpy.ones((1, 4, 3, 3)),
                                            numpy.ones((1, 1, 2, 2)))
