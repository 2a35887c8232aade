"""PReLU, Maxout and Swish links."""
import numpy
import pytest

import kusari.links as L
from kusari import initializers


@pytest.mark.parametrize('shape', [(), (3,), (3, 2)])
def test_prelu(link_float64, check_link_backward, shape):
    link = L.PReLU(shape)
    numpy.testing.assert_array_equal(link.W.array, numpy.full(shape, 0.25))
    link.W.array[...] = numpy.random.uniform(0.1, 0.9, shape)
    x = numpy.random.uniform(-1, 1, (4, 3, 2))
    x[numpy.abs(x) < 0.05] = 0.5
    w = link.W.array.reshape(shape + (1,) * (2 - len(shape)))
    numpy.testing.assert_allclose(link(x).array, numpy.where(x >= 0, x, w * x))
    check_link_backward(link, [x], link.params())


def test_maxout(link_float64, check_link_backward):
    link = L.Maxout(3, 2, 4)
    assert link.linear.W.shape == (8, 3) and link.linear.b.shape == (8,)
    x = numpy.random.uniform(-1, 1, (5, 3))
    z = (x @ link.linear.W.array.T + link.linear.b.array).reshape(5, 2, 4)
    numpy.testing.assert_allclose(link(x).array, z.max(axis=2), rtol=1e-12)
    check_link_backward(link, [x], link.params())


def test_maxout_array_and_callable_initializers():
    W = numpy.arange(24, dtype=numpy.float32).reshape(2, 4, 3)
    b = numpy.arange(8, dtype=numpy.float32).reshape(2, 4)
    link = L.Maxout(3, 2, 4, initialW=W, initial_bias=b)
    numpy.testing.assert_array_equal(link.linear.W.array, W.reshape(8, 3))
    numpy.testing.assert_array_equal(link.linear.b.array, b.reshape(8))
    seen = []

    def init(array):
        seen.append(array.shape)
        array[...] = 1
    link = L.Maxout(3, 2, 4, initialW=init, initial_bias=None)
    assert seen == [(2, 4, 3)] and link.linear.b is None
    numpy.testing.assert_array_equal(link.linear.W.array, numpy.ones((8, 3)))
    with pytest.raises(ValueError, match='initialW.ndim should be 3'):
        L.Maxout(3, 2, 4, initialW=numpy.ones((8, 3), numpy.float32))
    with pytest.raises(ValueError, match='initial_bias.ndim should be 2'):
        L.Maxout(3, 2, 4, initial_bias=numpy.ones(8, numpy.float32))
    L.Maxout(3, 2, 4, initialW=initializers.Zero())


@pytest.mark.parametrize('beta_shape', [None, (3,)])
def test_swish(link_float64, check_link_backward, beta_shape):
    link = L.Swish(beta_shape, beta_init=0.5)
    x = numpy.random.uniform(-2, 2, (4, 3))
    y = link(x)
    assert link.beta.shape == (3,)
    numpy.testing.assert_allclose(link.beta.array, [0.5] * 3)
    numpy.testing.assert_allclose(y.array, x / (1 + numpy.exp(-0.5 * x)), rtol=1e-12)
    link.beta.array[...] = [0.3, 1.0, 2.0]
    check_link_backward(link, [x], link.params())
