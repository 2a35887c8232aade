"""Private im2col / col2im machinery shared by convolution, deconvolution and pooling.

Everything here works on raw arrays of layout ``(N, C, *spatial)`` for any number of spatial
dimensions. ``im2col`` returns a strided *view* ``(N, C, *ksize, *outsize)`` of a padded copy
of the input (no per-window copy); ``col2im`` adds such an array back into the input layout.
On the CPU, the 2-d ``col2im`` has a Numba kernel (imported lazily, used when
``kusari.config.use_numba`` is set); the NumPy path loops over the kernel offsets only, each
step vectorized over the batch, channels and output pixels.
"""
import itertools

import numpy

from kusari import backend
from kusari.configuration import config


def as_tuple(x, n):
    """``x`` repeated ``n`` times if it is a scalar, else ``tuple(x)`` (of length ``n``)."""
    if hasattr(x, '__getitem__'):
        t = tuple(int(v) for v in x)
        if len(t) != n:
            raise ValueError('expected {} values, got {!r}'.format(n, x))
        return t
    return (int(x),) * n


def get_conv_outsize(size, k, s, p, cover_all=False, d=1):
    """Output length of a convolution along one axis (Chainer's formula)."""
    dk = k + (k - 1) * (d - 1)
    if cover_all:
        return (size + p * 2 - dk + s - 1) // s + 1
    return (size + p * 2 - dk) // s + 1


def get_deconv_outsize(size, k, s, p, cover_all=False, d=1):
    """Output length of a deconvolution along one axis (Chainer's formula)."""
    dk = (k - 1) * d + 1
    if cover_all:
        return s * (size - 1) + dk - s + 1 - 2 * p
    return s * (size - 1) + dk - 2 * p


def _pad_extents(insize, ksize, stride, pad, dilate, outsize):
    """Low and high padding so that every window of the output lies inside the buffer."""
    lo, hi = [], []
    for size, k, s, p, d, o in zip(insize, ksize, stride, pad, dilate, outsize):
        need = (o - 1) * s + d * (k - 1) + 1
        lo.append(p)
        hi.append(max(need - size - p, 0))
    return lo, hi


def pad_array(x, lo, hi, pval=0):
    """``x`` padded on its spatial axes by ``lo`` / ``hi`` with ``pval`` (no copy if none)."""
    if not any(lo) and not any(hi):
        return x
    xp = backend.get_array_module(x)
    shape = x.shape[:2] + tuple(s + a + b for s, a, b in zip(x.shape[2:], lo, hi))
    out = xp.full(shape, pval, dtype=x.dtype)
    out[(Ellipsis,) + tuple(slice(a, a + s) for a, s in zip(lo, x.shape[2:]))] = x
    return out


def im2col(x, ksize, stride, pad, dilate, outsize, pval=0):
    """A read-only view ``(N, C, *ksize, *outsize)`` of the windows of ``x``.

    ``col[n, c, k..., o...] = xpad[n, c, o * stride + k * dilate]`` where ``xpad`` is ``x``
    padded with ``pval`` by ``pad`` at the low end and as much as the windows need at the
    high end (this covers ``cover_all``).
    """
    xp = backend.get_array_module(x)
    lo, hi = _pad_extents(x.shape[2:], ksize, stride, pad, dilate, outsize)
    xpad = pad_array(x, lo, hi, pval)
    if xp is not numpy:
        xpad = xp.ascontiguousarray(xpad)
    st = xpad.strides
    sp = st[2:]
    shape = xpad.shape[:2] + tuple(ksize) + tuple(outsize)
    strides = st[:2] + tuple(d * s for d, s in zip(dilate, sp)) + tuple(
        s * t for s, t in zip(stride, sp))
    if xp is numpy:
        return numpy.lib.stride_tricks.as_strided(xpad, shape, strides, writeable=False)
    return xp.lib.stride_tricks.as_strided(xpad, shape, strides)


#: Bytes of im2col buffer the CPU convolutions fill per block of batch elements: small enough
#: to stay in the cache between the copy and the matrix product and to be reused (not freshly
#: paged in) from block to block, large enough that BLAS still sees long products.
BLOCK_BYTES = 1 << 23


def block_size(n, bytes_per_item):
    """How many of ``n`` batch elements of ``bytes_per_item`` each form one block (>= 1)."""
    return max(1, min(n, BLOCK_BYTES // max(bytes_per_item, 1)))


def _col2im_numpy(col, stride, pad, dilate, insize, nk):
    xp = backend.get_array_module(col)
    ksize = col.shape[2:2 + nk]
    outsize = col.shape[2 + nk:]
    lo, hi = _pad_extents(insize, ksize, stride, pad, dilate, outsize)
    shape = col.shape[:2] + tuple(s + a + b for s, a, b in zip(insize, lo, hi))
    buf = xp.zeros(shape, dtype=col.dtype)
    for k in itertools.product(*[range(n) for n in ksize]):
        sl = tuple(slice(ki * d, ki * d + s * (o - 1) + 1, s)
                   for ki, d, s, o in zip(k, dilate, stride, outsize))
        buf[(Ellipsis,) + sl] += col[(slice(None), slice(None)) + k]
    return buf[(Ellipsis,) + tuple(slice(a, a + s) for a, s in zip(lo, insize))]


def col2im(col, stride, pad, dilate, insize):
    """Sum the windows ``col`` of shape ``(N, C, *ksize, *outsize)`` back into
    ``(N, C, *insize)``: the adjoint of :func:`im2col` (padding is dropped)."""
    nk = len(insize)
    if nk == 2 and isinstance(col, numpy.ndarray) and _use_numba():
        return _numba_col2im_2d(col, stride, pad, dilate, insize)
    return _col2im_numpy(col, stride, pad, dilate, insize, nk)


# -- Numba ---------------------------------------------------------------------------------

_kernels = {}


def _use_numba():
    if not config.use_numba:
        return False
    if 'ok' not in _kernels:
        try:
            import numba  # noqa: F401
            _kernels['ok'] = True
        except ImportError:  # pragma: no cover - numba is a dependency
            _kernels['ok'] = False
    return _kernels['ok']


def _get_kernel(name):
    k = _kernels.get(name)
    if k is None:
        k = _kernels[name] = _build(name)
    return k


def _build(name):
    import numba

    if name == 'col2im_2d':
        @numba.njit(cache=True, parallel=True)
        def col2im_2d(col, out, sy, sx, ph, pw, dy, dx):
            n, c, kh, kw, oh, ow = col.shape
            h, w = out.shape[2], out.shape[3]
            for nc in numba.prange(n * c):
                i = nc // c
                j = nc % c
                for ky in range(kh):
                    for oy in range(oh):
                        y = oy * sy + ky * dy - ph
                        if y < 0 or y >= h:
                            continue
                        for kx in range(kw):
                            for ox in range(ow):
                                xx = ox * sx + kx * dx - pw
                                if xx >= 0 and xx < w:
                                    out[i, j, y, xx] += col[i, j, ky, kx, oy, ox]
        return col2im_2d
    raise KeyError(name)


def _numba_col2im_2d(col, stride, pad, dilate, insize):
    if col.dtype == numpy.float16:
        return _numba_col2im_2d(col.astype(numpy.float32), stride, pad, dilate,
                                insize).astype(numpy.float16)
    col = numpy.ascontiguousarray(col)
    out = numpy.zeros(col.shape[:2] + tuple(insize), dtype=col.dtype)
    _get_kernel('col2im_2d')(col, out, stride[0], stride[1], pad[0], pad[1],
                             dilate[0], dilate[1])
    return out


_DETERMINISTIC = ("deterministic argument is not supported anymore. Use "
                  "chainer.using_config('cudnn_deterministic', value) context where value is "
                  "either `True` or `False`.")
_REQUIRES_X_GRAD = ('requires_x_grad argument is not supported anymore. Just remove the '
                    'argument. Note that whether to compute the gradient w.r.t. x is '
                    'automatically decided during backpropagation.')


def parse_kwargs(caller, kwargs, *names_and_defaults, **unexpected):
    """Chainer's ``argument.parse_kwargs``: pop the known keys, reject the others.

    A key listed in ``unexpected`` raises ValueError with its message; any other leftover
    key raises TypeError naming ``caller``.
    """
    kwargs = dict(kwargs)
    values = tuple(kwargs.pop(name, default) for name, default in names_and_defaults)
    if kwargs:
        for key, message in unexpected.items():
            if key in kwargs:
                raise ValueError(message)
        raise TypeError('{}() got unexpected keyword argument(s) {}'.format(
            caller, ', '.join(repr(k) for k in sorted(kwargs))))
    return values


def conv2d_kwargs(caller, kwargs, cudnn_fast=False):
    """``dilate`` and ``groups`` (and ``cudnn_fast``) from a 2-d function's ``**kwargs``."""
    names = [('dilate', 1), ('groups', 1)]
    if cudnn_fast:
        names.append(('cudnn_fast', False))
    return parse_kwargs(caller, kwargs, *names, deterministic=_DETERMINISTIC,
                        requires_x_grad=_REQUIRES_X_GRAD)
