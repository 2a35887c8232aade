import numpy
import pytest

import kusari.links as L


@pytest.mark.parametrize('kw', [dict(), dict(stride=2, pad=1), dict(groups=2),
                                dict(dilate=2, nobias=True)])
def test_deconvolution_2d(link_float64, check_link_backward, deconv_ref, kw):
    link = L.Deconvolution2D(4, 6, 3, **kw)
    x = numpy.random.uniform(-1, 1, (2, 4, 3, 4))
    y = link(x)
    args = {k: v for k, v in kw.items() if k != 'nobias'}
    assert link.W.shape == (4, 6 // kw.get('groups', 1), 3, 3)
    expected = deconv_ref(x, link.W.array, None if link.b is None else link.b.array, **args)
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-10, atol=1e-12)
    check_link_backward(link, [x], link.params())


def test_deconvolution_2d_outsize_and_lazy(link_float64, deconv_ref):
    link = L.Deconvolution2D(None, 2, 3, stride=2, pad=1, outsize=(5, 7))
    x = numpy.random.uniform(-1, 1, (1, 3, 3, 4))
    y = link(x)
    assert y.shape == (1, 2, 5, 7) and link.W.shape == (3, 2, 3, 3)
    numpy.testing.assert_allclose(
        y.array, deconv_ref(x, link.W.array, link.b.array, stride=2, pad=1))


def test_deconvolution_2d_bias_shape_is_checked():
    with pytest.raises(ValueError, match=r'initial_bias must have shape \(3,\)'):
        L.Deconvolution2D(2, 3, 2, initial_bias=numpy.zeros(4, numpy.float32))


@pytest.mark.parametrize('ndim,kw', [(1, dict(stride=2)), (3, dict(pad=1, groups=2))])
def test_deconvolution_nd(link_float64, check_link_backward, deconv_ref, ndim, kw):
    link = L.DeconvolutionND(ndim, 2, 4, 2, **kw)
    x = numpy.random.uniform(-1, 1, (2, 2) + (3,) * ndim)
    y = link(x)
    expected = deconv_ref(x, link.W.array, link.b.array, **kw)
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-10, atol=1e-12)
    check_link_backward(link, [x], link.params())


def test_deconvolution_1d_3d_aliases():
    assert L.Deconvolution1D(2, 3, 4).W.shape == (2, 3, 4)
    assert L.Deconvolution3D(2, 4, 2, groups=2).W.shape == (2, 2, 2, 2, 2)
    lazy = L.Deconvolution1D(None, 3, 2)
    lazy(numpy.ones((1, 5, 4), numpy.float32))
    assert lazy.W.shape == (5, 3, 2)
