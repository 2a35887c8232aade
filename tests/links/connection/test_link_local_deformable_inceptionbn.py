import numpy
import pytest

import kusari.functions as F
import kusari.links as L


def test_local_convolution_2d(link_float64, check_link_backward):
    link = L.LocalConvolution2D(3, 2, in_size=(5, 4), ksize=3, stride=(2, 1))
    assert link.W.shape == (2, 2, 2, 3, 3, 3) and link.b.shape == (2, 2, 2)
    assert link.W.dtype == numpy.float64
    x = numpy.random.default_rng(0).uniform(-1, 1, (2, 3, 5, 4))
    link.b.array[...] = numpy.random.default_rng(1).uniform(-1, 1, link.b.shape)
    y = link(x)
    numpy.testing.assert_allclose(
        y.array, F.local_convolution_2d(x, link.W, link.b, (2, 1)).array, rtol=1e-14)
    check_link_backward(link, [x], link.params())


def test_local_convolution_2d_placeholder_and_nobias():
    link = L.LocalConvolution2D(None, 2, ksize=(2, 3), nobias=True)
    assert link.W.array is None and link.b is None
    y = link(numpy.ones((1, 3, 4, 5), numpy.float32))
    assert link.W.shape == (2, 3, 3, 3, 2, 3) and y.shape == (1, 2, 3, 3)


def test_local_convolution_2d_unknown_keyword():
    with pytest.raises(TypeError):
        L.LocalConvolution2D(3, 2, in_size=4, ksize=3, pad=1)


def test_deformable_convolution_2d(link_float64, check_link_backward):
    rng = numpy.random.default_rng(0)
    link = L.DeformableConvolution2D(2, 3, 2, stride=1, pad=1,
                                     offset_initialW=rng.uniform(-0.3, 0.3, (8, 2, 2, 2)),
                                     deform_initialW=rng.uniform(-1, 1, (3, 2, 2, 2)))
    assert link.offset_conv.W.shape == (8, 2, 2, 2)
    assert link.deform_conv.W.shape == (3, 2, 2, 2) and link.deform_conv.b.shape == (3,)
    x = rng.uniform(-1, 1, (2, 2, 4, 3))
    offset = link.offset_conv(x)
    expected = F.deformable_convolution_2d_sampler(x, offset, link.deform_conv.W,
                                                   link.deform_conv.b, 1, 1)
    y = link(x)
    assert y.shape == (2, 3, 5, 4)
    numpy.testing.assert_allclose(y.array, expected.array, rtol=1e-14)
    # offsets are a smooth function of x away from pixel lines: check the parameters only
    check_link_backward(lambda v: link(x), [x], [link.deform_conv.W, link.deform_conv.b])


def test_deformable_convolution_2d_defaults_and_placeholder():
    link = L.DeformableConvolution2D(None, 4, 3, offset_nobias=True, deform_nobias=True)
    assert link.offset_conv.b is None and link.deform_conv.b is None
    x = numpy.random.default_rng(0).uniform(-1, 1, (1, 2, 5, 5)).astype(numpy.float32)
    y = link(x)
    assert y.shape == (1, 4, 3, 3)
    assert not link.deform_conv.W.array.any()   # zero by default, as in Chainer


def _bn(v):
    mean = v.mean(axis=(0, 2, 3), keepdims=True)
    return (v - mean) / numpy.sqrt(v.var(axis=(0, 2, 3), keepdims=True) + 2e-5)


@pytest.mark.parametrize('pooltype', ['max', 'avg'])
def test_inceptionbn(link_float64, conv_ref, pooltype):
    link = L.InceptionBN(3, 2, 2, 3, 1, 2, pooltype, proj_pool=2)
    x = numpy.random.default_rng(0).uniform(-1, 1, (3, 3, 4, 4))

    def cbr(c, v, **kw):
        return numpy.maximum(_bn(conv_ref(v, c.W.array, **kw)), 0)
    xp = numpy.pad(x, [(0, 0), (0, 0), (1, 1), (1, 1)],
                   constant_values=-numpy.inf if pooltype == 'max' else 0)
    windows = [xp[:, :, i:i + 4, j:j + 4] for i in range(3) for j in range(3)]
    pooled = numpy.max(windows, 0) if pooltype == 'max' else numpy.sum(windows, 0) / 9
    expected = numpy.concatenate([
        cbr(link.conv1, x),
        cbr(link.conv3, cbr(link.proj3, x), pad=1),
        cbr(link.conv33b, cbr(link.conv33a, cbr(link.proj33, x), pad=1), pad=1),
        cbr(link.poolp, pooled)], axis=1)
    y = link(x)
    assert y.shape == (3, 2 + 3 + 2 + 2, 4, 4)
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-8, atol=1e-10)


def test_inceptionbn_stride_without_1x1_branch():
    link = L.InceptionBN(3, 0, 2, 3, 1, 2, 'max', stride=2)
    assert not hasattr(link, 'conv1') and not hasattr(link, 'poolp')
    assert link.proj3n.avg_mean.dtype == numpy.float32
    y = link(numpy.ones((2, 3, 5, 5), numpy.float32))
    assert y.shape == (2, 3 + 2 + 3, 3, 3)


def test_inceptionbn_bad_pooltype():
    with pytest.raises(NotImplementedError, match='pooltype'):
        L.InceptionBN(3, 2, 2, 3, 1, 2, 'min', proj_pool=2)


def test_inceptionbn_dtype():
    link = L.InceptionBN(3, 2, 2, 3, 1, 2, 'avg', proj_pool=2, dtype=numpy.float16)
    assert link.conv1n.avg_mean.dtype == numpy.float16
