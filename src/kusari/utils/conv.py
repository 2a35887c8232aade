"""Convolution geometry and 2-d im2col / col2im on raw arrays (``chainer.utils.conv``).

The window extraction is kusari's own (``kusari.utils._im2col``, shared with the
convolution and pooling functions); this module gives it Chainer's signatures.
``im2col`` returns a new array ``(N, C, kh, kw, out_h, out_w)``; ``col2im`` is its adjoint.
"""
from kusari.utils import _im2col


def get_conv_outsize(size, k, s, p, cover_all=False, d=1):
    """Output length of a convolution along one axis.

    Parameters
    ----------
    size : int
        Input length.
    k : int
        Kernel size.
    s : int
        Stride.
    p : int
        Padding on each side.
    cover_all : bool
        If True, one more window is added where the last one would leave input elements
        uncovered.
    d : int
        Dilation.

    Returns
    -------
    int
        ``(size + 2p - dk) // s + 1`` with ``dk = k + (k - 1)(d - 1)`` (rounded up with
        ``cover_all``).
    """
    dk = k + (k - 1) * (d - 1)
    if cover_all:
        return (size + p * 2 - dk + s - 1) // s + 1
    return (size + p * 2 - dk) // s + 1


def get_deconv_outsize(size, k, s, p, cover_all=False, d=1):
    """Output length of a deconvolution (transposed convolution) along one axis.

    Parameters
    ----------
    size : int
        Input length.
    k : int
        Kernel size.
    s : int
        Stride.
    p : int
        Padding on each side.
    cover_all : bool
        Whether the matching convolution used ``cover_all``.
    d : int
        Dilation.

    Returns
    -------
    int
        ``s (size - 1) + dk - 2p`` with ``dk = (k - 1) d + 1`` (``- s + 1`` with
        ``cover_all``).
    """
    dk = (k - 1) * d + 1
    if cover_all:
        return s * (size - 1) + dk - s + 1 - 2 * p
    return s * (size - 1) + dk - 2 * p


def _outsizes(img, kh, kw, sy, sx, ph, pw, cover_all, dy, dx, out_h, out_w):
    h, w = img.shape[2:]
    if out_h is None:
        out_h = get_conv_outsize(h, kh, sy, ph, cover_all, dy)
    if out_h <= 0:
        raise AssertionError('Height in the output should be positive.')
    if out_w is None:
        out_w = get_conv_outsize(w, kw, sx, pw, cover_all, dx)
    if out_w <= 0:
        raise AssertionError('Width in the output should be positive.')
    return out_h, out_w


def im2col_cpu(img, kh, kw, sy, sx, ph, pw, pval=0, cover_all=False, dy=1, dx=1,
               out_h=None, out_w=None):
    """The windows of a batch of images, padded with ``pval``.

    Parameters
    ----------
    img : array
        Shape ``(N, C, H, W)``.
    kh, kw : int
        Kernel height and width.
    sy, sx : int
        Strides.
    ph, pw : int
        Paddings.
    pval : scalar
        The value of the padding.
    cover_all : bool
        See :func:`get_conv_outsize`.
    dy, dx : int
        Dilations.
    out_h, out_w : int, optional
        The output size (computed when None).

    Returns
    -------
    array
        Shape ``(N, C, kh, kw, out_h, out_w)``, dtype of ``img``:
        ``col[n, c, i, j, y, x] = pad(img)[n, c, y * sy + i * dy, x * sx + j * dx]``.
    """
    out_h, out_w = _outsizes(img, kh, kw, sy, sx, ph, pw, cover_all, dy, dx, out_h, out_w)
    view = _im2col.im2col(img, (kh, kw), (sy, sx), (ph, pw), (dy, dx), (out_h, out_w), pval)
    return view.copy()


def im2col_gpu(img, kh, kw, sy, sx, ph, pw, cover_all=False, dy=1, dx=1, out_h=None,
               out_w=None):
    """:func:`im2col_cpu` for CuPy arrays (zero padding); same parameters and result."""
    return im2col_cpu(img, kh, kw, sy, sx, ph, pw, 0, cover_all, dy, dx, out_h, out_w)


def im2col(img, kh, kw, sy, sx, ph, pw, cover_all=False, dy=1, dx=1, out_h=None, out_w=None):
    """:func:`im2col_cpu` with zero padding, for NumPy or CuPy arrays."""
    return im2col_cpu(img, kh, kw, sy, sx, ph, pw, 0, cover_all, dy, dx, out_h, out_w)


def col2im_cpu(col, sy, sx, ph, pw, h, w, dy=1, dx=1):
    """Add windows back into images: the adjoint of :func:`im2col` (padding dropped).

    Parameters
    ----------
    col : array
        Shape ``(N, C, kh, kw, out_h, out_w)``.
    sy, sx : int
        Strides.
    ph, pw : int
        Paddings.
    h, w : int
        The image size.
    dy, dx : int
        Dilations.

    Returns
    -------
    array
        Shape ``(N, C, h, w)``, dtype of ``col``.
    """
    return _im2col.col2im(col, (sy, sx), (ph, pw), (dy, dx), (h, w))


def col2im_gpu(col, sy, sx, ph, pw, h, w, dy=1, dx=1):
    """:func:`col2im_cpu` for CuPy arrays; same parameters and result."""
    return col2im_cpu(col, sy, sx, ph, pw, h, w, dy, dx)


def col2im(col, sy, sx, ph, pw, h, w, dy=1, dx=1):
    """:func:`col2im_cpu` for NumPy or CuPy arrays."""
    return col2im_cpu(col, sy, sx, ph, pw, h, w, dy, dx)
