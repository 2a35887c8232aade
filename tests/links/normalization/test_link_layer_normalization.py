import numpy
import pytest

import kusari
import kusari.links as L
from kusari import initializers


def _ref(x, gamma, beta, eps):
    mu = x.mean(axis=1, keepdims=True)
    return (x - mu) / numpy.sqrt(x.var(axis=1, keepdims=True) + eps) * gamma + beta


def test_defaults():
    ln = L.LayerNormalization(4)
    assert ln.eps == 1e-6
    assert sorted(name for name, _ in ln.namedparams()) == ['/beta', '/gamma']
    assert ln.gamma.dtype == numpy.float32 and ln.gamma.shape == (4,)
    numpy.testing.assert_array_equal(ln.gamma.array, 1.)
    numpy.testing.assert_array_equal(ln.beta.array, 0.)


def test_forward_uses_eps_1e_6():
    x = numpy.array([[0., 1e-3, 2e-3], [1., 2., 4.]])
    ln = L.LayerNormalization(3)
    y = ln(x.astype(numpy.float32))
    numpy.testing.assert_allclose(y.array, _ref(x, 1., 0., 1e-6), rtol=1e-5, atol=1e-5)
    assert not numpy.allclose(y.array[0], _ref(x, 1., 0., 1e-5)[0], rtol=1e-3)


def test_lazy_size():
    ln = L.LayerNormalization()
    assert ln.gamma.array is None and ln.beta.array is None
    x = numpy.random.default_rng(0).normal(size=(3, 5)).astype(numpy.float32)
    y = ln(x)
    assert ln.gamma.shape == (5,) and ln.beta.shape == (5,)
    assert y.shape == (3, 5)


@pytest.mark.parametrize('gamma,beta', [
    (2., -1.),
    (numpy.array([1., 2., 3.], numpy.float32), numpy.array([0., .5, 1.], numpy.float32)),
    (initializers.Constant(3.), initializers.Constant(0.25)),
])
def test_initial_values(gamma, beta):
    ln = L.LayerNormalization(3, eps=1e-3, initial_gamma=gamma, initial_beta=beta)
    x = numpy.random.default_rng(1).normal(size=(4, 3))
    y = ln(x.astype(numpy.float32))
    g = numpy.broadcast_to(getattr(gamma, 'fill_value', gamma), (3,))
    b = numpy.broadcast_to(getattr(beta, 'fill_value', beta), (3,))
    numpy.testing.assert_array_equal(ln.gamma.array, g)
    numpy.testing.assert_allclose(y.array, _ref(x, g, b, 1e-3), rtol=1e-4, atol=1e-5)


def test_gradients_reach_parameters():
    ln = L.LayerNormalization(3)
    x = numpy.random.default_rng(2).normal(size=(4, 3)).astype(numpy.float32)
    gy = numpy.random.default_rng(3).normal(size=(4, 3)).astype(numpy.float32)
    y = ln(x)
    gg, gb = kusari.grad([y], [ln.gamma, ln.beta], [gy])
    x_hat = _ref(x.astype(numpy.float64), 1., 0., 1e-6)
    numpy.testing.assert_allclose(gg.array, (gy * x_hat).sum(axis=0), rtol=1e-4, atol=1e-5)
    numpy.testing.assert_allclose(gb.array, gy.sum(axis=0), rtol=1e-5)
