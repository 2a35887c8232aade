import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def conv2d_ref(x, W, b, stride, pad, dilate, groups, cover_all):
    """Direct loop over output pixels (float64)."""
    sy, sx = (stride, stride) if isinstance(stride, int) else stride
    ph, pw = (pad, pad) if isinstance(pad, int) else pad
    dy, dx = (dilate, dilate) if isinstance(dilate, int) else dilate
    n, c, h, w = x.shape
    o, cg, kh, kw = W.shape
    ext = (sy - 1, sx - 1) if cover_all else (0, 0)
    oh = (h + 2 * ph - (kh - 1) * dy - 1 + ext[0]) // sy + 1
    ow = (w + 2 * pw - (kw - 1) * dx - 1 + ext[1]) // sx + 1
    xp = numpy.zeros((n, c, h + 2 * ph + sy, w + 2 * pw + sx))
    xp[:, :, ph:ph + h, pw:pw + w] = x
    y = numpy.zeros((n, o, oh, ow))
    og = o // groups
    for oc in range(o):
        g = oc // og
        for i in range(oh):
            for j in range(ow):
                for p in range(kh):
                    for q in range(kw):
                        y[:, oc, i, j] += (xp[:, g * cg:(g + 1) * cg, i * sy + p * dy,
                                              j * sx + q * dx] * W[oc, :, p, q]).sum(1)
    if b is not None:
        y += b[None, :, None, None]
    return y


class TestConvolution2D(testing.FunctionTestCase):
    params = [
        {'stride': 1, 'pad': 1, 'dilate': 1, 'groups': 1, 'cover_all': False, 'nobias': False},
        {'stride': 2, 'pad': 0, 'dilate': 1, 'groups': 1, 'cover_all': False, 'nobias': True},
        {'stride': 2, 'pad': 1, 'dilate': 1, 'groups': 1, 'cover_all': True, 'nobias': False},
        {'stride': (1, 2), 'pad': (2, 1), 'dilate': 2, 'groups': 1, 'cover_all': False,
         'nobias': False},
        {'stride': 1, 'pad': 1, 'dilate': 1, 'groups': 3, 'cover_all': False, 'nobias': False},
        {'stride': 3, 'pad': 0, 'dilate': (1, 2), 'groups': 3, 'cover_all': True,
         'nobias': True},
    ]

    def generate_inputs(self):
        x = self.uniform(-1, 1, (2, 3, 5, 5))
        W = self.uniform(-1, 1, (6, 3 // self.groups, 3, 3))
        if self.nobias:
            return x, W
        return x, W, self.uniform(-1, 1, (6,))

    def forward(self, inputs, device):
        return F.convolution_2d(*inputs, stride=self.stride, pad=self.pad,
                                cover_all=self.cover_all, dilate=self.dilate,
                                groups=self.groups),

    def forward_expected(self, inputs):
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        return conv2d_ref(x, W, b, self.stride, self.pad, self.dilate, self.groups,
                          self.cover_all),


class TestConvolution2DOrder3(TestConvolution2D):
    # third order in (x, W, b, gy): the Grad nodes are differentiable again
    params = [TestConvolution2D.params[2], TestConvolution2D.params[4]]
    dtypes = (numpy.float64,)
    check_order3 = True


def test_second_derivative_in_x_and_W():
    # d/dW of (d/dx sum(y * y)) -- Chainer 7 cannot take it; compare with a finite difference
    rng = numpy.random.default_rng(1)
    x = rng.standard_normal((1, 2, 4, 4))
    W = rng.standard_normal((2, 2, 3, 3))

    def gx_sum(Wa):
        xv = kusari.Variable(x)
        y = F.convolution_2d(xv, kusari.Variable(Wa), pad=1)
        gx, = kusari.grad([F.sum(y * y)], [xv], enable_double_backprop=True)
        return gx

    Wv = kusari.Variable(W)
    xv = kusari.Variable(x)
    y = F.convolution_2d(xv, Wv, pad=1)
    gx, = kusari.grad([F.sum(y * y)], [xv], enable_double_backprop=True)
    direction = rng.standard_normal(x.shape)
    gW, = kusari.grad([F.sum(gx * direction)], [Wv])
    eps = 1e-6
    d = rng.standard_normal(W.shape)
    num = ((gx_sum(W + eps * d).array - gx_sum(W - eps * d).array) * direction).sum() / (2 * eps)
    numpy.testing.assert_allclose((gW.array * d).sum(), num, rtol=1e-6)


def test_channel_mismatch():
    with pytest.raises(InvalidType, match=r'x.shape\[1\] == W.shape\[1\] \* groups'):
        F.convolution_2d(numpy.ones((1, 3, 5, 5)), numpy.ones((2, 2, 3, 3)))


def test_bad_groups():
    # 4 input channels, W for 2 groups of 2, but 3 output channels
    with pytest.raises(TypeError, match='divisor of that of output channels'):
        F.convolution_2d(numpy.ones((1, 4, 5, 5)), numpy.ones((3, 2, 3, 3)), groups=2)
    with pytest.raises(InvalidType, match=r'x.shape\[1\] == W.shape\[1\] \* groups'):
        F.convolution_2d(numpy.ones((1, 4, 5, 5)), numpy.ones((4, 2, 3, 3)), groups=3)


def test_ndim():
    with pytest.raises(InvalidType, match=r'x.ndim == 4'):
        F.convolution_2d(numpy.ones((3, 5, 5)), numpy.ones((2, 3, 3, 3)))


def test_bias_dtype():
    with pytest.raises(InvalidType, match=r'b.dtype == x.dtype'):
        F.convolution_2d(numpy.ones((1, 3, 5, 5)), numpy.ones((2, 3, 3, 3)),
                         numpy.ones(2, numpy.float32))


def test_output_not_positive():
    with pytest.raises(RuntimeError, match='should be positive'):
        F.convolution_2d(numpy.ones((1, 3, 2, 2)), numpy.ones((2, 3, 3, 3)))


def test_kwargs():
    x, W = numpy.ones((1, 3, 5, 5)), numpy.ones((2, 3, 3, 3))
    with pytest.raises(ValueError, match='deterministic argument is not supported'):
        F.convolution_2d(x, W, deterministic=True)
    with pytest.raises(TypeError, match=r"got unexpected keyword argument\(s\) 'foo'"):
        F.convolution_2d(x, W, foo=1)
    with pytest.raises(ValueError, match='Dilate should be positive'):
        F.convolution_2d(x, W, dilate=0)
