import itertools

import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def deconv_ref(x, W, b, stride, pad, outsize=None, groups=1):
    """Scatter loop over input positions and filter taps (float64, dilate 1)."""
    nd = x.ndim - 2
    stride, pad = [(v,) * nd if isinstance(v, int) else tuple(v) for v in (stride, pad)]
    n, cin = x.shape[:2]
    cog = W.shape[1]
    k = W.shape[2:]
    if outsize is None:
        outsize = tuple(s * (d - 1) + kk - 2 * p
                        for s, d, kk, p in zip(stride, x.shape[2:], k, pad))
    big = numpy.zeros((n, cog * groups) + tuple(o + 2 * p + s + kk for o, p, s, kk in zip(
        outsize, pad, stride, k)))
    cig = cin // groups
    for ci in range(cin):
        g = ci // cig
        for pos in itertools.product(*[range(v) for v in x.shape[2:]]):
            for kp in itertools.product(*[range(v) for v in k]):
                idx = tuple(a * s + q for a, s, q in zip(pos, stride, kp))
                big[(slice(None), slice(g * cog, (g + 1) * cog)) + idx] += (
                    x[(slice(None), ci) + pos][:, None] * W[(ci, slice(None)) + kp][None])
    y = big[(Ellipsis,) + tuple(slice(p, p + o) for p, o in zip(pad, outsize))]
    if b is not None:
        y = y + b.reshape((1, -1) + (1,) * nd)
    return y


class TestDeconvolutionND(testing.FunctionTestCase):
    params = [
        {'xs': (2, 2, 3), 'k': (3,), 'stride': 2, 'pad': 1, 'outsize': None, 'groups': 1},
        {'xs': (1, 4, 2, 3, 2), 'k': (2, 3, 2), 'stride': (1, 2, 2), 'pad': (0, 1, 0),
         'outsize': (3, 6, 5), 'groups': 2},
    ]

    def generate_inputs(self):
        x = self.uniform(-1, 1, self.xs)
        W = self.uniform(-1, 1, (self.xs[1], 2) + self.k)
        return x, W, self.uniform(-1, 1, (2 * self.groups,))

    def forward(self, inputs, device):
        return F.deconvolution_nd(*inputs, stride=self.stride, pad=self.pad,
                                  outsize=self.outsize, groups=self.groups),

    def forward_expected(self, inputs):
        return deconv_ref(*inputs, self.stride, self.pad, self.outsize, self.groups),


class TestDeconvolution1D3D(testing.FunctionTestCase):
    params = [{'nd': 1}, {'nd': 3}]

    def generate_inputs(self):
        sp = (4,) if self.nd == 1 else (2, 3, 2)
        return self.uniform(-1, 1, (2, 2) + sp), self.uniform(-1, 1, (2, 3) + (2,) * self.nd)

    def forward(self, inputs, device):
        f = F.deconvolution_1d if self.nd == 1 else F.deconvolution_3d
        return f(*inputs, stride=2),

    def forward_expected(self, inputs):
        return deconv_ref(*inputs, None, 2, 0),


def test_adjoint_of_convolution():
    rng = numpy.random.default_rng(0)
    u = rng.standard_normal((2, 3, 7, 6, 5))
    W = rng.standard_normal((4, 3, 3, 2, 3))
    v = F.convolution_nd(u, W, stride=(2, 1, 2), pad=1, cover_all=True).array
    x = rng.standard_normal(v.shape)
    d = F.deconvolution_nd(x, W, stride=(2, 1, 2), pad=1, outsize=u.shape[2:]).array
    numpy.testing.assert_allclose((v * x).sum(), (u * d).sum(), rtol=1e-10)


def test_channel_mismatch():
    with pytest.raises(InvalidType, match=r'x.shape\[1\] == W.shape\[0\]'):
        F.deconvolution_nd(numpy.ones((1, 3, 4)), numpy.ones((2, 2, 3)))


def test_bad_outsize():
    with pytest.raises(InvalidType, match=r'x.shape\[2\]'):
        F.deconvolution_nd(numpy.ones((1, 2, 4)), numpy.ones((2, 2, 3)), outsize=(12,))


def test_output_not_positive_is_assertion_error():
    """Chainer asserts the estimated output size (deconvolution_2d raises RuntimeError)."""
    with pytest.raises(AssertionError, match=r'DeconvolutionND: Output sizes should be positive '
                                             r'\(got \(-15,\)'):
        F.deconvolution_nd(numpy.ones((2, 3, 4)), numpy.ones((3, 2, 2)), stride=1, pad=10)


@pytest.mark.parametrize('func,nd', [(F.deconvolution_1d, 1), (F.deconvolution_3d, 3)])
def test_wrong_spatial_rank(func, nd):
    with pytest.raises(ValueError, match='should be {}'.format(nd)):
        func(numpy.ones((1, 2, 4, 4)), numpy.ones((2, 2, 2, 2)))
