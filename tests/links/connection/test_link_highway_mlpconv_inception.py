import numpy

import kusari.functions as F
import kusari.links as L


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def test_highway(link_float64, check_link_backward):
    link = L.Highway(3)
    numpy.testing.assert_array_equal(link.transform.b.array, [-1.0, -1.0, -1.0])
    x = numpy.random.uniform(-1, 1, (4, 3))
    h = numpy.maximum(x @ link.plain.W.array.T + link.plain.b.array, 0)
    t = _sigmoid(x @ link.transform.W.array.T + link.transform.b.array)
    numpy.testing.assert_allclose(link(x).array, h * t + x * (1 - t), rtol=1e-12)
    check_link_backward(link, [x], link.params())
    tanh_link = L.Highway(3, activate=F.tanh, nobias=True)
    assert tanh_link.plain.b is None
    t = _sigmoid(x @ tanh_link.transform.W.array.T)
    h = numpy.tanh(x @ tanh_link.plain.W.array.T)
    numpy.testing.assert_allclose(tanh_link(x).array, h * t + x * (1 - t), rtol=1e-12)


def test_mlp_convolution_2d(link_float64, check_link_backward, conv_ref):
    link = L.MLPConvolution2D(2, (3, 4), 3, pad=1)
    assert len(link) == 2 and link[1].W.shape == (4, 3, 1, 1)
    x = numpy.random.uniform(-1, 1, (2, 2, 4, 4))
    h = numpy.maximum(conv_ref(x, link[0].W.array, link[0].b.array, pad=1), 0)
    expected = conv_ref(h, link[1].W.array, link[1].b.array)
    numpy.testing.assert_allclose(link(x).array, expected, rtol=1e-10, atol=1e-12)
    check_link_backward(link, [x], link.params())


def test_mlp_convolution_2d_refuses_wscale():
    import pytest
    # as in Chainer: ValueError for the keyword, TypeError for v1's seventh positional one
    with pytest.raises(ValueError, match='wscale is not supported anymore'):
        L.MLPConvolution2D(2, (3,), 1, wscale=2)
    with pytest.raises(TypeError, match='wscale is not supported anymore'):
        L.MLPConvolution2D(2, (3,), 1, 1, 0, F.relu, 2)


def _max_pool_3x3_same(x):
    xp = numpy.pad(x, [(0, 0), (0, 0), (1, 1), (1, 1)], constant_values=-numpy.inf)
    h, w = x.shape[2:]
    return numpy.max([xp[:, :, i:i + h, j:j + w] for i in range(3) for j in range(3)], axis=0)


def test_inception(link_float64, check_link_backward, conv_ref):
    link = L.Inception(3, 2, 2, 3, 1, 2, 2)
    x = numpy.random.uniform(-1, 1, (2, 3, 4, 4))

    def conv(c, v, **kw):
        return conv_ref(v, c.W.array, c.b.array, **kw)
    relu = lambda v: numpy.maximum(v, 0)  # noqa: E731
    expected = relu(numpy.concatenate([
        conv(link.conv1, x),
        conv(link.conv3, relu(conv(link.proj3, x)), pad=1),
        conv(link.conv5, relu(conv(link.proj5, x)), pad=2),
        conv(link.projp, _max_pool_3x3_same(x))], axis=1))
    y = link(x)
    assert y.shape == (2, 9, 4, 4)
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-10, atol=1e-12)
    check_link_backward(link, [x], link.params(), atol=1e-5, rtol=1e-4)
