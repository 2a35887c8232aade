import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def deconv2d_ref(x, W, b, stride, pad, dilate, groups, outsize):
    """Scatter loop over input pixels and filter taps (float64)."""
    sy, sx = (stride, stride) if isinstance(stride, int) else stride
    ph, pw = (pad, pad) if isinstance(pad, int) else pad
    dy, dx = (dilate, dilate) if isinstance(dilate, int) else dilate
    n, cin, h, w = x.shape
    _, cog, kh, kw = W.shape
    if outsize is None:
        outsize = (sy * (h - 1) + (kh - 1) * dy + 1 - 2 * ph,
                   sx * (w - 1) + (kw - 1) * dx + 1 - 2 * pw)
    oh, ow = outsize
    big = numpy.zeros((n, cog * groups, oh + 2 * ph + sy * 2 + kh * dy,
                       ow + 2 * pw + sx * 2 + kw * dx))
    cig = cin // groups
    for ci in range(cin):
        g = ci // cig
        for i in range(h):
            for j in range(w):
                for p in range(kh):
                    for q in range(kw):
                        big[:, g * cog:(g + 1) * cog, i * sy + p * dy, j * sx + q * dx] += (
                            x[:, ci, i, j][:, None] * W[ci, :, p, q][None])
    y = big[:, :, ph:ph + oh, pw:pw + ow]
    if b is not None:
        y = y + b[None, :, None, None]
    return y


class TestDeconvolution2D(testing.FunctionTestCase):
    params = [
        {'stride': 1, 'pad': 1, 'dilate': 1, 'groups': 1, 'outsize': None, 'nobias': False},
        {'stride': 2, 'pad': 0, 'dilate': 1, 'groups': 1, 'outsize': None, 'nobias': True},
        {'stride': 2, 'pad': 1, 'dilate': 1, 'groups': 1, 'outsize': (8, 8), 'nobias': False},
        {'stride': (2, 1), 'pad': (1, 2), 'dilate': 2, 'groups': 3, 'outsize': None,
         'nobias': False},
        {'stride': 1, 'pad': (2, 0), 'dilate': 1, 'groups': 1, 'outsize': None, 'nobias': True},
    ]

    def generate_inputs(self):
        x = self.uniform(-1, 1, (2, 3, 4, 4))
        W = self.uniform(-1, 1, (3, 6 // self.groups, 3, 3))
        if self.nobias:
            return x, W
        return x, W, self.uniform(-1, 1, (6,))

    def forward(self, inputs, device):
        return F.deconvolution_2d(*inputs, stride=self.stride, pad=self.pad,
                                  outsize=self.outsize, dilate=self.dilate,
                                  groups=self.groups),

    def forward_expected(self, inputs):
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        return deconv2d_ref(x, W, b, self.stride, self.pad, self.dilate, self.groups,
                            self.outsize),


class TestDeconvolution2DOrder3(TestDeconvolution2D):
    # the backward of deconvolution_2d is differentiable again (Chainer 7's is not)
    params = [TestDeconvolution2D.params[2]]
    dtypes = (numpy.float64,)
    check_order3 = True


def test_channel_mismatch():
    with pytest.raises(InvalidType, match=r'x.shape\[1\] == W.shape\[0\]'):
        F.deconvolution_2d(numpy.ones((1, 3, 4, 4)), numpy.ones((2, 2, 3, 3)))


def test_bad_outsize():
    with pytest.raises(InvalidType, match=r'<= x.shape\[2\] <='):
        F.deconvolution_2d(numpy.ones((1, 3, 4, 4)), numpy.ones((3, 2, 3, 3)), stride=2,
                           outsize=(20, 9))


def test_bad_groups():
    with pytest.raises(TypeError, match='divisor of that of input channels'):
        F.deconvolution_2d(numpy.ones((1, 3, 4, 4)), numpy.ones((3, 2, 3, 3)), groups=2)


def test_bias_shape():
    with pytest.raises(InvalidType, match=r'b.shape\[0\] == 2'):
        F.deconvolution_2d(numpy.ones((1, 3, 4, 4)), numpy.ones((3, 2, 3, 3)), numpy.ones(5))


def test_kwargs():
    with pytest.raises(TypeError, match=r"got unexpected keyword argument\(s\) 'cover_all'"):
        F.deconvolution_2d(numpy.ones((1, 3, 4, 4)), numpy.ones((3, 2, 3, 3)),
                           cover_all=True)
