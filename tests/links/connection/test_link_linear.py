import numpy
import pytest

import kusari
import kusari.links as L
from kusari import initializers


@pytest.mark.parametrize('nobias', [False, True])
def test_forward_and_gradients(link_float64, check_link_backward, nobias):
    link = L.Linear(3, 4, nobias=nobias)
    x = numpy.random.uniform(-1, 1, (5, 3))
    y = link(x)
    expected = x @ link.W.array.T + (0 if nobias else link.b.array)
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-12)
    assert (link.b is None) == nobias
    check_link_backward(link, [x], link.params())


def test_lazy_input_size_and_n_batch_axes(link_float64, check_link_backward):
    link = L.Linear(4)
    assert link.W.array is None and link.in_size is None
    x = numpy.random.uniform(-1, 1, (2, 3, 2, 5))
    y = link(x, n_batch_axes=2)
    assert link.W.shape == (4, 10) and y.shape == (2, 3, 4)
    numpy.testing.assert_allclose(
        y.array, x.reshape(2, 3, 10) @ link.W.array.T + link.b.array, rtol=1e-12)
    check_link_backward(lambda x: link(x, n_batch_axes=2), [x], link.params())


def test_defaults_and_initializers():
    link = L.Linear(3, 2)
    assert link.W.dtype == numpy.float32 and link.W.shape == (2, 3)
    numpy.testing.assert_array_equal(link.b.array, numpy.zeros(2, numpy.float32))
    link = L.Linear(3, 2, initialW=initializers.Constant(0.5), initial_bias=2.0)
    numpy.testing.assert_array_equal(link.W.array, numpy.full((2, 3), 0.5, numpy.float32))
    numpy.testing.assert_array_equal(link.b.array, [2.0, 2.0])


def test_from_params():
    W = numpy.arange(6, dtype=numpy.float32).reshape(2, 3)
    b = numpy.array([1.0, -1.0], numpy.float32)
    link = L.Linear.from_params(kusari.Variable(W), b)
    numpy.testing.assert_array_equal(link.W.array, W)
    numpy.testing.assert_array_equal(link.b.array, b)
    assert link.W.array is not W
    with pytest.raises(ValueError, match='`out_size` does not match the size of `b`'):
        L.Linear.from_params(W, numpy.ones(3, numpy.float32))
