"""link_hooks.WeightStandardization: each output unit's weights standardized in forward."""
import numpy
import pytest

import kusari.links as L
from kusari import gradient_check
from kusari.link_hooks import WeightStandardization
from kusari.link_hooks.weight_standardization import standardize


def _standardized(W, eps):
    flat = W.reshape(W.shape[0], -1)
    mean = flat.mean(axis=1, keepdims=True)
    var = flat.var(axis=1, keepdims=True)
    return ((flat - mean) / numpy.sqrt(var + eps)).reshape(W.shape)


def test_linear_forward():
    layer = L.Linear(4, 3)
    layer.add_hook(WeightStandardization())
    x = numpy.random.uniform(-1, 1, (2, 4)).astype(numpy.float32)
    W = layer.W.array.copy()
    expected = x @ _standardized(W, 1e-5).T + layer.b.array
    numpy.testing.assert_allclose(layer(x).array, expected, rtol=1e-5, atol=1e-6)
    numpy.testing.assert_array_equal(layer.W.array, W)


def test_convolution_forward_and_lazy_init():
    conv = L.Convolution2D(None, 4, 3, pad=1)
    hook = WeightStandardization(eps=1e-3)
    conv.add_hook(hook)
    x = numpy.random.uniform(-1, 1, (2, 3, 5, 5)).astype(numpy.float32)
    y = conv(x)
    assert conv.W.shape == (4, 3, 3, 3)
    plain = L.Convolution2D(3, 4, 3, pad=1, initialW=_standardized(conv.W.array, 1e-3),
                            initial_bias=conv.b.array)
    numpy.testing.assert_allclose(y.array, plain(x).array, rtol=1e-4, atol=1e-5)


def test_delete_hook():
    layer = L.Linear(4, 3)
    layer.add_hook(WeightStandardization(name='ws'))
    x = numpy.ones((1, 4), numpy.float32)
    y = layer(x).array
    layer.delete_hook('ws')
    numpy.testing.assert_allclose(layer(x).array, x @ layer.W.array.T + layer.b.array,
                                  rtol=1e-6)
    assert not numpy.allclose(y, layer(x).array)


def test_standardize_gradients_first_and_second_order():
    W = numpy.random.uniform(-1, 1, (3, 2, 2))
    gy = numpy.random.uniform(-1, 1, W.shape)
    ggW = numpy.random.uniform(-1, 1, W.shape)

    def f(W):
        return standardize(W, 1e-2)

    numpy.testing.assert_allclose(f(W).array, _standardized(W, 1e-2), rtol=1e-12)
    gradient_check.check_backward(f, W, gy, eps=1e-6, atol=1e-8, rtol=1e-6)
    gradient_check.check_double_backward(f, W, gy, ggW, eps=1e-6, atol=1e-8, rtol=1e-6)


def test_gradient_through_the_link():
    layer = L.Linear(4, 3)
    layer.W.array = layer.W.array.astype(numpy.float64)
    layer.b.array = layer.b.array.astype(numpy.float64)
    layer.add_hook(WeightStandardization())
    x = numpy.random.uniform(-1, 1, (2, 4))
    gy = numpy.random.uniform(-1, 1, (2, 3))
    gradient_check.check_backward(layer, x, gy, params=(layer.W, layer.b), eps=1e-6,
                                  atol=1e-7, rtol=1e-6)


def test_errors():
    with pytest.raises(ValueError, match="the link Linear has no weight 'w'"):
        L.Linear(3, 2).add_hook(WeightStandardization(weight_name='w'))
    with pytest.raises(NotImplementedError):
        with WeightStandardization():
            pass
    with pytest.raises(TypeError):
        WeightStandardization(1e-3)      # eps is keyword-only, as in Chainer
    layer = L.Bias(shape=(3,))
    layer.add_hook(WeightStandardization(weight_name='b'))
    with pytest.raises(ValueError, match="the weight 'b' of Bias must have 2 or more "
                       r"dimensions, got shape \(3,\)"):
        layer(numpy.ones((2, 3), numpy.float32))


def test_reparametrization_errors_name_the_hook():
    layer = L.Linear(None, 3)
    layer.add_hook(WeightStandardization())
    with pytest.raises(ValueError, match="WeightStandardization: the weight 'W' of Linear is not "
                       'initialized and there is no input to infer its shape from'):
        layer()
    with pytest.raises(NotImplementedError, match='WeightStandardization reparametrizes the '
                       'weight of one link: install it with link.add_hook'):
        with WeightStandardization():
            pass
    with pytest.raises(NotImplementedError, match=r'WeightStandardization must be added to a '
                       r'link \(link.add_hook\(hook\)\)'):
        WeightStandardization().added(None)
