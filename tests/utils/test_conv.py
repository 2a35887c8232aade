import itertools

import numpy
import pytest

from kusari.utils import conv, conv_nd


@pytest.mark.parametrize('size, k, s, p, d', [(10, 4, 3, 2, 1), (10, 4, 4, 2, 1),
                                              (10, 4, 3, 2, 2), (7, 3, 2, 0, 1)])
def test_conv_outsize(size, k, s, p, d):
    w, dk = size + 2 * p, k + (k - 1) * (d - 1)
    out = conv.get_conv_outsize(size, k, s, p, d=d)
    assert (out - 1) * s + dk <= w < out * s + dk      # the last window fits
    out = conv.get_conv_outsize(size, k, s, p, cover_all=True, d=d)
    assert (out - 2) * s + dk < w <= (out - 1) * s + dk  # every element is covered


@pytest.mark.parametrize('size, k, s, p, d', [(5, 3, 2, 1, 1), (4, 4, 1, 0, 2)])
def test_deconv_outsize_inverts_conv_outsize(size, k, s, p, d):
    out = conv.get_deconv_outsize(size, k, s, p, d=d)
    assert conv.get_conv_outsize(out, k, s, p, d=d) == size


def _window(img, y, x, ky, kx, sy, sx, ph, pw, dy, dx, pval):
    oy, ox = y * sy - ph + ky * dy, x * sx - pw + kx * dx
    h, w = img.shape[2:]
    if 0 <= oy < h and 0 <= ox < w:
        return img[:, :, oy, ox]
    return numpy.full(img.shape[:2], pval)


@pytest.mark.parametrize('params', [(1, 1, 1, 1, 1, 1, 1, 1), (2, 2, 2, 2, 2, 2, 2, 2),
                                    (1, 2, 3, 4, 4, 5, 2, 3), (3, 3, 2, 2, 1, 1, 1, 1)])
@pytest.mark.parametrize('cover_all', [False, True])
def test_im2col_and_col2im_are_adjoint(params, cover_all):
    kh, kw, sy, sx, ph, pw, dy, dx = params
    rng = numpy.random.default_rng(0)
    img = rng.uniform(-1, 1, (2, 3, 8, 10))
    col = conv.im2col_cpu(img, kh, kw, sy, sx, ph, pw, pval=-7.0, cover_all=cover_all,
                          dy=dy, dx=dx)
    oh = conv.get_conv_outsize(8, kh, sy, ph, cover_all, dy)
    ow = conv.get_conv_outsize(10, kw, sx, pw, cover_all, dx)
    assert col.shape == (2, 3, kh, kw, oh, ow) and col.flags.writeable
    for y, x, ky, kx in itertools.product(range(oh), range(ow), range(kh), range(kw)):
        numpy.testing.assert_array_equal(
            col[:, :, ky, kx, y, x], _window(img, y, x, ky, kx, sy, sx, ph, pw, dy, dx, -7.0))
    zero_padded = conv.im2col(img, kh, kw, sy, sx, ph, pw, cover_all=cover_all, dy=dy, dx=dx)
    g = rng.uniform(-1, 1, col.shape)
    back = conv.col2im(g, sy, sx, ph, pw, 8, 10, dy=dy, dx=dx)
    assert back.shape == img.shape
    # <im2col(img), g> == <img, col2im(g)>
    numpy.testing.assert_allclose((zero_padded * g).sum(), (img * back).sum(), rtol=1e-12)


def test_im2col_refuses_an_empty_output():
    with pytest.raises(AssertionError, match='Height in the output should be positive'):
        conv.im2col_cpu(numpy.ones((1, 1, 2, 2)), 5, 1, 1, 1, 0, 0)
    with pytest.raises(AssertionError, match='Width in the output should be positive'):
        conv.im2col_cpu(numpy.ones((1, 1, 5, 1)), 1, 3, 1, 1, 0, 0)


@pytest.mark.parametrize('dims', [(6,), (5, 4), (4, 3, 5)])
def test_im2col_nd_and_col2im_nd_are_adjoint(dims):
    n = len(dims)
    ksize, stride, pad = (2, 3, 1)[:n], (2, 1, 2)[:n], (1, 0, 1)[:n]
    rng = numpy.random.default_rng(1)
    img = rng.uniform(-1, 1, (2, 3) + dims)
    col = conv_nd.im2col_nd(img, ksize, stride, pad)
    outs = tuple(conv_nd.get_conv_outsize(d, k, s, p)
                 for d, k, s, p in zip(dims, ksize, stride, pad))
    assert col.shape == (2, 3) + ksize + outs
    for ks in itertools.product(*[range(k) for k in ksize]):
        for os in itertools.product(*[range(o) for o in outs]):
            src = tuple(o * s - p + k for o, s, p, k in zip(os, stride, pad, ks))
            want = img[(slice(None), slice(None)) + src] if all(
                0 <= i < d for i, d in zip(src, dims)) else 0
            numpy.testing.assert_array_equal(col[(slice(None), slice(None)) + ks + os], want)
    g = rng.uniform(-1, 1, col.shape)
    back = conv_nd.col2im_nd(g, stride, pad, dims)
    numpy.testing.assert_allclose((col * g).sum(), (img * back).sum(), rtol=1e-12)
    padded = conv_nd.im2col_nd_cpu(img, ksize, stride, pad, pval=5.0)
    assert (padded == 5.0).any() == any(pad)


def test_conv_nd_rank_checks():
    img = numpy.ones((1, 1, 4, 3))
    assert conv_nd.as_tuple(2, 3) == (2, 2, 2) and conv_nd.as_tuple([1, 2], 2) == (1, 2)
    with pytest.raises(AssertionError):
        conv_nd.as_tuple((1,), 3)
    with pytest.raises(AssertionError):
        conv_nd.im2col_nd_cpu(img, (2,), (1, 1), (0, 0))
    col = conv_nd.im2col_nd(img, (2, 2), (1, 1), (0, 0))
    with pytest.raises(AssertionError):
        conv_nd.col2im_nd_cpu(col, (1,), (0, 0), (4, 3))
    with pytest.raises(AssertionError):
        conv_nd.col2im_nd_cpu(col, (1, 1), (0, 0), (4,))
