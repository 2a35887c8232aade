"""deformable_convolution_2d_sampler: a convolution whose sampling points are shifted by
learned offsets (Deformable Convolutional Networks).

Written with F.*: the offsets move a regular grid of sampling points, the input is sampled
there bilinearly (:func:`spatial_transformer_sampler`) and the samples meet the filters in one
matrix product. Every order of derivative (in ``x``, ``offset``, ``W`` and ``b``) is as exact
as the sampler's.
"""
from kusari import backend
from kusari.configuration import config
from kusari.utils import type_check
from kusari.variable import as_variable


def _pair(x):
    if hasattr(x, '__getitem__'):
        return tuple(x)
    return x, x


def _offset_to_grid(offset, kh, kw, sy, sx, ph, pw, h, w):
    """Sampling coordinates normalized to ``[-1, 1]`` over the padded image:
    ``(n, 2 * kh * kw, out_h, out_w)``, the x coordinates first."""
    from kusari.functions.array.concat import concat
    xp = backend.get_array_module(offset.array)
    dtype = offset.dtype
    khkw = kh * kw
    out_h, out_w = offset.shape[2:]
    # the regular grid: output position times stride plus the kernel offset
    base_y = (xp.arange(out_h)[None, :, None] * sy
              + xp.repeat(xp.arange(kh), kw)[:, None, None]).astype(dtype)
    base_x = (xp.arange(out_w)[None, None, :] * sx
              + xp.tile(xp.arange(kw), kh)[:, None, None]).astype(dtype)
    x_coord = offset[:, :khkw] + base_x[None]
    y_coord = offset[:, khkw:] + base_y[None]
    x_coord = x_coord * dtype.type(2 / (w + 2 * pw - 1)) - dtype.type(1)
    y_coord = y_coord * dtype.type(2 / (h + 2 * ph - 1)) - dtype.type(1)
    return concat([x_coord, y_coord], axis=1)


def deformable_convolution_2d_sampler(x, offset, W, b=None, stride=1, pad=0):
    """Two-dimensional deformable convolution with given offsets.

    Filter tap ``(k, l)`` at output position ``(i, j)`` reads the (zero-padded) input at
    ``(i * s_Y + k + offset_y, j * s_X + l + offset_x)``, interpolated bilinearly; with zero
    offsets this is :func:`convolution_2d`.

    Parameters
    ----------
    x : Variable or array
        Shape ``(n, c_I, h, w)``, float.
    offset : Variable or array
        Shape ``(n, 2 * k_H * k_W, h_O, w_O)``, dtype of ``x``: the first ``k_H * k_W``
        channels are the horizontal offsets of the taps (row-major over the kernel), the last
        ``k_H * k_W`` the vertical ones. ``h_O = (h + 2 p_H - k_H) // s_Y + 1``, likewise
        ``w_O``.
    W : Variable or array
        Shape ``(c_O, c_I, k_H, k_W)``, dtype of ``x``.
    b : Variable or array, optional
        Shape ``(c_O,)``, dtype of ``x``.
    stride : int or pair of ints
        ``(s_Y, s_X)``.
    pad : int or pair of ints
        Zero padding ``(p_H, p_W)``.

    Returns
    -------
    Variable
        Shape ``(n, c_O, h_O, w_O)``, dtype of ``x``.

    Raises
    ------
    ValueError
        If ``offset.shape[1] != 2 * k_H * k_W``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.ones((2, 3, 4, 7), numpy.float32)
    >>> offset = numpy.zeros((2, 2 * 3 * 3, 2, 5), numpy.float32)
    >>> W = numpy.ones((4, 3, 3, 3), numpy.float32)
    >>> F.deformable_convolution_2d_sampler(x, offset, W).shape
    (2, 4, 2, 5)
    """
    from kusari.functions.array.pad import pad as _pad
    from kusari.functions.array.reshape import reshape
    from kusari.functions.array.spatial_transformer_sampler import spatial_transformer_sampler
    from kusari.functions.array.transpose import transpose
    from kusari.functions.math.basic_math import matmul
    x, offset, W = as_variable(x), as_variable(offset), as_variable(W)
    label = 'deformable_convolution_2d_sampler'
    if config.type_check:
        type_check.check_float(label, 'x', x.array)
    if config.type_check and (x.ndim != 4 or offset.ndim != 4 or W.ndim != 4):
        type_check.fail(label, 'x.ndim == 4, offset.ndim == 4 and W.ndim == 4',
                        'x.shape={}, offset.shape={}, W.shape={}'.format(
                            x.shape, offset.shape, W.shape))
    sy, sx = _pair(stride)
    ph, pw = _pair(pad)
    out_c, _, kh, kw = W.shape
    n, c, h, w = x.shape
    _, khkw2, out_h, out_w = offset.shape
    if khkw2 != 2 * kh * kw:
        raise ValueError('The shape of the offset does not match the kernel size: '
                         'offset.shape[1] is {}, 2 * kh * kw is {}'.format(khkw2, 2 * kh * kw))
    grid = _offset_to_grid(offset, kh, kw, sy, sx, ph, pw, h, w)
    grid = reshape(grid, (n, 2, kh * kw, out_h * out_w))
    x_pad = _pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), 'constant')
    samples = spatial_transformer_sampler(x_pad, grid)        # (n, c, kh * kw, out_h * out_w)
    samples = reshape(transpose(samples, (0, 3, 1, 2)), (n * out_h * out_w, c * kh * kw))
    y = matmul(samples, reshape(W, (out_c, c * kh * kw)), transb=True)
    y = transpose(reshape(y, (n, out_h, out_w, out_c)), (0, 3, 1, 2))
    if b is not None:
        y = y + reshape(b, (1, out_c, 1, 1))
    return y
