import numpy
import pytest

import kusari.links as L


@pytest.mark.parametrize('ndim,kw', [(1, dict(stride=2, pad=1)), (3, dict()),
                                     (3, dict(dilate=2, pad=1, groups=2, nobias=True))])
def test_forward_and_gradients(link_float64, check_link_backward, conv_ref, ndim, kw):
    link = L.ConvolutionND(ndim, 2, 4, 3, **kw)
    x = numpy.random.uniform(-1, 1, (2, 2) + (5,) * ndim)
    y = link(x)
    args = {k: v for k, v in kw.items() if k != 'nobias'}
    expected = conv_ref(x, link.W.array, None if link.b is None else link.b.array, **args)
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-10, atol=1e-12)
    check_link_backward(link, [x], link.params())


def test_1d_3d_aliases_and_lazy(link_float64, conv_ref):
    c1 = L.Convolution1D(None, 3, 2)
    x = numpy.random.uniform(-1, 1, (2, 4, 6))
    numpy.testing.assert_allclose(c1(x).array, conv_ref(x, c1.W.array, c1.b.array))
    assert c1.W.shape == (3, 4, 2)
    c3 = L.Convolution3D(2, 3, (1, 2, 3))
    assert c3.W.shape == (3, 2, 1, 2, 3)


def test_from_params():
    W = numpy.ones((4, 1, 2, 2, 2), numpy.float32)
    link = L.ConvolutionND.from_params(W, groups=2)
    assert link.W.shape == W.shape and link.groups == 2
