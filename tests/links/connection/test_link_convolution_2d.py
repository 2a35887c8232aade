import numpy
import pytest

import kusari.links as L


@pytest.mark.parametrize('kw', [dict(), dict(stride=2, pad=1), dict(dilate=2, pad=2),
                                dict(groups=2), dict(nobias=True)])
def test_forward_and_gradients(link_float64, check_link_backward, conv_ref, kw):
    link = L.Convolution2D(4, 6, 3, **kw)
    x = numpy.random.uniform(-1, 1, (2, 4, 5, 5))
    y = link(x)
    args = {k: v for k, v in kw.items() if k != 'nobias'}
    expected = conv_ref(x, link.W.array, None if link.b is None else link.b.array, **args)
    assert link.W.shape == (6, 4 // kw.get('groups', 1), 3, 3)
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-10, atol=1e-12)
    check_link_backward(link, [x], link.params())


def test_lazy_in_channels_and_short_form(link_float64, conv_ref):
    link = L.Convolution2D(6, (2, 3))
    assert link.W.array is None
    x = numpy.random.uniform(-1, 1, (1, 3, 4, 5))
    y = link(x)
    assert link.W.shape == (6, 3, 2, 3)
    numpy.testing.assert_allclose(y.array, conv_ref(x, link.W.array, link.b.array))


def test_group_errors():
    with pytest.raises(ValueError, match='output channels must be divisible'):
        L.Convolution2D(4, 5, 3, groups=2)
    with pytest.raises(ValueError, match='input channels must be divisible'):
        L.Convolution2D(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match='deterministic argument is not supported'):
        L.Convolution2D(3, 4, 3, deterministic=True)


def test_from_params():
    W = numpy.random.uniform(-1, 1, (4, 2, 3, 3)).astype(numpy.float32)
    link = L.Convolution2D.from_params(W, groups=2, pad=1)
    assert link.W.shape == (4, 2, 3, 3) and link.groups == 2 and link.pad == (1, 1)
    numpy.testing.assert_array_equal(link.W.array, W)
