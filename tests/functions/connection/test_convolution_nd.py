import itertools

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def conv_ref(x, W, b, stride, pad, dilate=1, groups=1, cover_all=False):
    """Direct loop over output positions (float64)."""
    nd = x.ndim - 2
    stride, pad, dilate = [(v,) * nd if isinstance(v, int) else tuple(v)
                           for v in (stride, pad, dilate)]
    n, c = x.shape[:2]
    o, cg = W.shape[:2]
    k = W.shape[2:]
    outs = []
    for size, kk, s, p, d in zip(x.shape[2:], k, stride, pad, dilate):
        dk = (kk - 1) * d + 1
        outs.append((size + 2 * p - dk + (s - 1 if cover_all else 0)) // s + 1)
    big = [s + 2 * p + st for s, p, st in zip(x.shape[2:], pad, stride)]
    xp = numpy.zeros((n, c) + tuple(big))
    xp[(Ellipsis,) + tuple(slice(p, p + s) for p, s in zip(pad, x.shape[2:]))] = x
    y = numpy.zeros((n, o) + tuple(outs))
    og = o // groups
    for oc in range(o):
        g = oc // og
        for pos in itertools.product(*[range(v) for v in outs]):
            sl = tuple(slice(q * s, q * s + (kk - 1) * d + 1, d)
                       for q, s, kk, d in zip(pos, stride, k, dilate))
            win = xp[(slice(None), slice(g * cg, (g + 1) * cg)) + sl]
            y[(slice(None), oc) + pos] = (win * W[oc]).reshape(n, -1).sum(1)
    if b is not None:
        y += b.reshape((1, o) + (1,) * nd)
    return y


class TestConvolutionND(testing.FunctionTestCase):
    params = [
        {'xs': (2, 3, 5), 'k': (3,), 'stride': 1, 'pad': 1, 'dilate': 1, 'groups': 1,
         'cover_all': False, 'nobias': False},
        {'xs': (2, 4, 4, 3, 5), 'k': (2, 2, 3), 'stride': (2, 1, 2), 'pad': (1, 0, 1),
         'dilate': 1, 'groups': 2, 'cover_all': True, 'nobias': False},
        {'xs': (1, 2, 5, 4, 4), 'k': (2, 2, 2), 'stride': 1, 'pad': 0, 'dilate': (2, 1, 1),
         'groups': 1, 'cover_all': False, 'nobias': True},
    ]

    def generate_inputs(self):
        o = 4
        x = self.uniform(-1, 1, self.xs)
        W = self.uniform(-1, 1, (o, self.xs[1] // self.groups) + self.k)
        if self.nobias:
            return x, W
        return x, W, self.uniform(-1, 1, (o,))

    def forward(self, inputs, device):
        return F.convolution_nd(*inputs, stride=self.stride, pad=self.pad,
                                cover_all=self.cover_all, dilate=self.dilate,
                                groups=self.groups),

    def forward_expected(self, inputs):
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        return conv_ref(x, W, b, self.stride, self.pad, self.dilate, self.groups,
                        self.cover_all),


class TestConvolution1D3D(testing.FunctionTestCase):
    params = [{'nd': 1}, {'nd': 3}]

    def generate_inputs(self):
        sp = (5,) * self.nd if self.nd == 1 else (3, 4, 3)
        return (self.uniform(-1, 1, (2, 2) + sp), self.uniform(-1, 1, (3, 2) + (2,) * self.nd),
                self.uniform(-1, 1, (3,)))

    def forward(self, inputs, device):
        f = F.convolution_1d if self.nd == 1 else F.convolution_3d
        return f(*inputs, pad=1),

    def forward_expected(self, inputs):
        return conv_ref(*inputs, 1, 1),


def test_numba_and_numpy_paths_agree():
    rng = numpy.random.default_rng(0)
    x = rng.standard_normal((2, 3, 6, 5))
    W = rng.standard_normal((3, 3, 3, 3))
    outs = []
    for flag in (True, False):
        with kusari.using_config('use_numba', flag):
            xv = kusari.Variable(x)
            y = F.deconvolution_2d(xv, W, stride=2, pad=1)
            y.grad = rng.standard_normal(y.shape) * 0 + 1
            y.backward()
            outs.append((y.array, xv.grad))
    numpy.testing.assert_allclose(outs[0][0], outs[1][0], rtol=1e-12, atol=1e-12)
    numpy.testing.assert_allclose(outs[0][1], outs[1][1], rtol=1e-12, atol=1e-12)


def test_channel_mismatch():
    with pytest.raises(InvalidType, match=r'x.shape\[1\] == W.shape\[1\] \* groups'):
        F.convolution_nd(numpy.ones((1, 3, 4, 4, 4)), numpy.ones((2, 2, 2, 2, 2)))


def test_groups_not_divisor():
    with pytest.raises(TypeError, match='divisor of that of input channels'):
        F.convolution_nd(numpy.ones((1, 3, 4, 4, 4)), numpy.ones((2, 1, 2, 2, 2)), groups=2)
    with pytest.raises(TypeError, match='divisor of that of output channels'):
        F.convolution_nd(numpy.ones((1, 4, 4, 4, 4)), numpy.ones((3, 2, 2, 2, 2)), groups=2)


def test_ndim_mismatch():
    with pytest.raises(InvalidType, match=r'W.ndim == 5'):
        F.convolution_nd(numpy.ones((1, 2, 4, 4, 4)), numpy.ones((2, 2, 2, 2)))


def test_integer_input():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.convolution_nd(numpy.ones((1, 2, 4), numpy.int32), numpy.ones((2, 2, 2)))


def test_bias_shape():
    with pytest.raises(InvalidType, match=r'b.shape\[0\] == 2'):
        F.convolution_nd(numpy.ones((1, 2, 4)), numpy.ones((2, 2, 2)), numpy.ones(3))


def test_output_not_positive():
    with pytest.raises(RuntimeError, match='Output sizes should be positive'):
        F.convolution_nd(numpy.ones((1, 2, 2)), numpy.ones((2, 2, 3)))


def test_dilate_not_positive():
    with pytest.raises(ValueError, match='Dilate should be positive'):
        F.convolution_nd(numpy.ones((1, 2, 4)), numpy.ones((2, 2, 2)), dilate=0)


@pytest.mark.parametrize('func,nd', [(F.convolution_1d, 1), (F.convolution_3d, 3)])
def test_wrong_spatial_rank(func, nd):
    with pytest.raises(ValueError, match='should be {}'.format(nd)):
        func(numpy.ones((1, 2, 4, 4)), numpy.ones((2, 2, 2, 2)))
