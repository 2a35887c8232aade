import numpy
import pytest

import kusari
import kusari.links as L
from kusari.utils.type_check import InvalidType


def _ref(x, groups, gamma, beta, eps):
    n, c = x.shape[:2]
    xr = x.reshape(n, groups, -1)
    xh = (xr - xr.mean(axis=2, keepdims=True)) / numpy.sqrt(xr.var(axis=2, keepdims=True) + eps)
    cshape = (1, c) + (1,) * (x.ndim - 2)
    return xh.reshape(x.shape) * numpy.reshape(gamma, cshape) + numpy.reshape(beta, cshape)


def test_defaults_and_forward():
    gn = L.GroupNormalization(2, 4)
    assert gn.groups == 2 and gn.eps == 1e-5
    assert sorted(name for name, _ in gn.namedparams()) == ['/beta', '/gamma']
    assert gn.gamma.dtype == numpy.float32
    numpy.testing.assert_array_equal(gn.gamma.array, 1.)
    numpy.testing.assert_array_equal(gn.beta.array, 0.)
    x = numpy.random.default_rng(0).normal(size=(3, 4, 2, 2))
    y = gn(x.astype(numpy.float32))
    numpy.testing.assert_allclose(y.array, _ref(x, 2, numpy.ones(4), numpy.zeros(4), 1e-5),
                                  rtol=1e-4, atol=1e-5)


def test_lazy_size():
    gn = L.GroupNormalization(3)
    assert gn.gamma.array is None
    gn(numpy.zeros((2, 6, 3), numpy.float32))
    assert gn.gamma.shape == (6,) and gn.beta.shape == (6,)


def test_lazy_size_needs_two_dimensions():
    gn = L.GroupNormalization(1)
    with pytest.raises(ValueError, match='Input dimension must be at least 2'):
        gn(numpy.zeros(4, numpy.float32))


def test_initial_values_and_eps():
    gamma = numpy.array([1., 2., 3., 4.])
    gn = L.GroupNormalization(2, 4, eps=0.5, initial_gamma=gamma, initial_beta=-1.)
    x = numpy.random.default_rng(1).normal(size=(2, 4, 3))
    y = gn(x.astype(numpy.float32))
    assert gn.gamma.dtype == numpy.float32
    numpy.testing.assert_allclose(y.array, _ref(x, 2, gamma, -numpy.ones(4), 0.5), rtol=1e-4,
                                  atol=1e-5)


def test_mixed16_parameters_are_float32():
    with kusari.using_config('dtype', 'mixed16'):
        gn = L.GroupNormalization(2, 4)
    assert gn.gamma.dtype == numpy.float32
    y = gn(numpy.random.default_rng(2).normal(size=(2, 4)).astype(numpy.float16))
    assert y.dtype == numpy.float16


def test_groups_must_divide_channels():
    gn = L.GroupNormalization(3)
    with pytest.raises(ValueError, match='not divisible'):
        gn(numpy.zeros((2, 4), numpy.float32))


def test_channel_mismatch():
    gn = L.GroupNormalization(2, 4)
    with pytest.raises(InvalidType, match=r'x.shape\[1\] == gamma.shape\[0\]'):
        gn(numpy.zeros((2, 6), numpy.float32))


def test_gradients_reach_parameters():
    gn = L.GroupNormalization(2, 4)
    x = numpy.random.default_rng(3).normal(size=(3, 4, 2)).astype(numpy.float32)
    y = gn(x)
    gg, gb = kusari.grad([y], [gn.gamma, gn.beta], [numpy.ones_like(x)])
    numpy.testing.assert_allclose(gb.array, numpy.full(4, 6.), rtol=1e-6)
    x_hat = _ref(x.astype(numpy.float64), 2, numpy.ones(4), numpy.zeros(4), 1e-5)
    numpy.testing.assert_allclose(gg.array, x_hat.sum(axis=(0, 2)), atol=1e-5)
