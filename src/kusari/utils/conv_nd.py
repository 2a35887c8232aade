"""N-dimensional im2col / col2im on raw arrays (``chainer.utils.conv_nd``).

As :mod:`kusari.utils.conv`, a thin layer with Chainer's signatures over kusari's window
extraction (``kusari.utils._im2col``).
"""
from kusari.utils import _im2col
from kusari.utils.conv import get_conv_outsize  # noqa: F401 - Chainer exposes it here


def as_tuple(x, n):
    """``x`` as a tuple of length ``n``: a scalar is repeated.

    Parameters
    ----------
    x : int or sequence of int
        A scalar or ``n`` values.
    n : int
        The length.

    Returns
    -------
    tuple
        ``(x,) * n``, or ``tuple(x)``.

    Raises
    ------
    AssertionError
        If ``x`` is a sequence of another length (as in Chainer).
    """
    if hasattr(x, '__getitem__'):
        if len(x) != n:
            raise AssertionError('expected {} values, got {!r}'.format(n, x))
        return tuple(x)
    return (x,) * n


def _outs(dims, ksize, stride, pad, cover_all, dilate):
    outs = tuple(get_conv_outsize(d, k, s, p, cover_all, di)
                 for d, k, s, p, di in zip(dims, ksize, stride, pad, dilate))
    if not all(o > 0 for o in outs):
        raise AssertionError('Output sizes should be positive.')
    return outs


def im2col_nd_cpu(img, ksize, stride, pad, pval=0, cover_all=False, dilate=1):
    """The windows of a batch of N-d images, padded with ``pval``.

    Parameters
    ----------
    img : array
        Shape ``(N, C, d_1, ..., d_n)``.
    ksize, stride, pad : tuple of int
        One value per spatial axis.
    pval : scalar
        The value of the padding.
    cover_all : bool
        See :func:`~kusari.utils.conv.get_conv_outsize`.
    dilate : int or tuple of int
        Dilations.

    Returns
    -------
    array
        Shape ``(N, C, k_1, ..., k_n, out_1, ..., out_n)``, dtype of ``img``.
    """
    ndim = img.ndim - 2
    dilate = as_tuple(dilate, ndim)
    ksize, stride, pad = tuple(ksize), tuple(stride), tuple(pad)
    if not ndim == len(ksize) == len(stride) == len(pad):
        raise AssertionError('ksize, stride and pad need one value per spatial axis')
    outs = _outs(img.shape[2:], ksize, stride, pad, cover_all, dilate)
    return _im2col.im2col(img, ksize, stride, pad, dilate, outs, pval).copy()


def im2col_nd_gpu(img, ksize, stride, pad, cover_all=False, dilate=1):
    """:func:`im2col_nd_cpu` for CuPy arrays (zero padding); same result."""
    return im2col_nd_cpu(img, ksize, stride, pad, 0, cover_all, dilate)


def im2col_nd(img, ksize, stride, pad, cover_all=False, dilate=1):
    """:func:`im2col_nd_cpu` with zero padding, for NumPy or CuPy arrays."""
    return im2col_nd_cpu(img, ksize, stride, pad, 0, cover_all, dilate)


def col2im_nd_cpu(col, stride, pad, dims, dilate=1):
    """Add N-d windows back into images: the adjoint of :func:`im2col_nd`.

    Parameters
    ----------
    col : array
        Shape ``(N, C, k_1, ..., k_n, out_1, ..., out_n)``.
    stride, pad : tuple of int
        One value per spatial axis.
    dims : tuple of int
        The image size ``(d_1, ..., d_n)``.
    dilate : int or tuple of int
        Dilations.

    Returns
    -------
    array
        Shape ``(N, C, d_1, ..., d_n)``, dtype of ``col``.
    """
    ndim = (col.ndim - 2) // 2
    stride, pad, dims = tuple(stride), tuple(pad), tuple(dims)
    if not (col.ndim == 2 + 2 * ndim and len(stride) == len(pad) == len(dims) == ndim):
        raise AssertionError('col2im_nd: col of shape {} needs stride, pad and dims of {} '
                             'values each, got {}, {} and {}'.format(col.shape, ndim, stride,
                                                                     pad, dims))
    return _im2col.col2im(col, tuple(stride), tuple(pad), as_tuple(dilate, ndim),
                              tuple(dims))


def col2im_nd_gpu(col, stride, pad, dims, dilate=1):
    """:func:`col2im_nd_cpu` for CuPy arrays; same result."""
    return col2im_nd_cpu(col, stride, pad, dims, dilate)


def col2im_nd(col, stride, pad, dims, dilate=1):
    """:func:`col2im_nd_cpu` for NumPy or CuPy arrays."""
    return col2im_nd_cpu(col, stride, pad, dims, dilate)
