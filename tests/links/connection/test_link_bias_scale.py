import numpy
import pytest

import kusari
import kusari.links as L


def test_bias_learned(link_float64, check_link_backward):
    link = L.Bias(axis=1, shape=(3, 2))
    link.b.array[...] = numpy.random.uniform(-1, 1, (3, 2))
    x = numpy.random.uniform(-1, 1, (4, 3, 2, 5))
    numpy.testing.assert_allclose(link(x).array, x + link.b.array[None, :, :, None])
    check_link_backward(link, [x], link.params())


def test_bias_given_and_errors(link_float64):
    link = L.Bias(axis=0)
    x, b = numpy.ones((2, 3)), numpy.array([1.0, 2.0])
    numpy.testing.assert_allclose(link(x, b).array, x + b[:, None])
    assert list(link.params()) == []
    # Chainer's error classes: ValueError, AssertionError in debug mode
    with pytest.raises(ValueError, match='Bias without a learned bias takes two inputs, got 1'):
        link(x)
    with pytest.raises(ValueError, match='Bias with a learned bias takes one input, got 2'):
        L.Bias(shape=(3,))(x, b)
    with kusari.using_config('debug', True):
        with pytest.raises(AssertionError, match='takes two inputs'):
            link(x)
        with pytest.raises(AssertionError, match='takes one input'):
            L.Bias(shape=(3,))(x, b)


def test_scale_wrong_number_of_inputs():
    x = numpy.ones((2, 3))
    with pytest.raises(ValueError, match='Scale without a learned W takes two inputs, got 1'):
        L.Scale(axis=1)(x)
    with pytest.raises(ValueError, match='Scale with a learned W takes one input, got 2'):
        L.Scale(axis=1, W_shape=(3,))(x, numpy.ones(3))
    with kusari.using_config('debug', True):
        with pytest.raises(AssertionError, match='takes two inputs'):
            L.Scale(axis=1)(x)
        with pytest.raises(AssertionError, match='takes one input'):
            L.Scale(axis=1, W_shape=(3,))(x, numpy.ones(3))


@pytest.mark.parametrize('bias_term', [False, True])
def test_scale_learned(link_float64, check_link_backward, bias_term):
    link = L.Scale(axis=1, W_shape=(3,), bias_term=bias_term)
    link.W.array[...] = [0.5, -2.0, 1.5]
    if bias_term:
        link.bias.b.array[...] = [1.0, 2.0, 3.0]
    x = numpy.random.uniform(-1, 1, (2, 3, 4))
    expected = x * link.W.array[:, None] + (link.bias.b.array[:, None] if bias_term else 0)
    numpy.testing.assert_allclose(link(x).array, expected)
    check_link_backward(link, [x], link.params())


def test_scale_given(link_float64):
    link = L.Scale(axis=1, bias_term=True, bias_shape=(2,))
    x, w = numpy.ones((3, 2)), numpy.array([2.0, 3.0])
    numpy.testing.assert_allclose(link(x, w).array, x * w)
    with pytest.raises(ValueError, match='bias_shape should be given'):
        L.Scale(bias_term=True)
