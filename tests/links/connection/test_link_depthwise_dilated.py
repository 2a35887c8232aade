import numpy
import pytest

import kusari.links as L


@pytest.mark.parametrize('kw', [dict(), dict(stride=2, pad=1), dict(nobias=True)])
def test_depthwise_convolution_2d(link_float64, check_link_backward, conv_ref, kw):
    link = L.DepthwiseConvolution2D(3, 2, 3, **kw)
    x = numpy.random.uniform(-1, 1, (2, 3, 5, 5))
    y = link(x)
    assert link.W.shape == (2, 3, 3, 3)
    # output channel c * multiplier + m filters input channel c with W[m, c]
    w = link.W.array.transpose(1, 0, 2, 3).reshape(6, 1, 3, 3)
    args = {k: v for k, v in kw.items() if k != 'nobias'}
    expected = conv_ref(x, w, None if link.b is None else link.b.array, groups=3, **args)
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-10, atol=1e-12)
    check_link_backward(link, [x], link.params())


def test_depthwise_lazy():
    link = L.DepthwiseConvolution2D(None, 2, 2)
    assert link.W.array is None and link.b.array is None
    link(numpy.ones((1, 4, 3, 3), numpy.float32))
    assert link.W.shape == (2, 4, 2, 2) and link.b.shape == (8,)


@pytest.mark.parametrize('kw', [dict(dilate=2), dict(dilate=(1, 2), pad=2, stride=2)])
def test_dilated_convolution_2d(link_float64, check_link_backward, conv_ref, kw):
    link = L.DilatedConvolution2D(2, 3, 3, **kw)
    x = numpy.random.uniform(-1, 1, (2, 2, 7, 7))
    y = link(x)
    numpy.testing.assert_allclose(y.array, conv_ref(x, link.W.array, link.b.array, **kw),
                                  rtol=1e-10, atol=1e-12)
    check_link_backward(link, [x], link.params())
    lazy = L.DilatedConvolution2D(3, 2, dilate=2)
    lazy(x)
    assert lazy.W.shape == (3, 2, 2, 2)
