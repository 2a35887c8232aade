"""im2col / col2im: the windows of a convolution or pooling, and their adjoint.

Everything here works on raw arrays of layout ``(N, C, *spatial)`` for any number of spatial
dimensions. :func:`im2col` returns a strided *view* ``(N, C, *ksize, *outsize)`` of a padded
copy of the input (no per-window copy); :func:`col2im` adds such an array back into the
input layout. On the CPU the 2-d :func:`col2im` has a kernel (:func:`col2im_2d_kernel`,
batch split over :mod:`kusari.utils._threads`); the NumPy path loops over the kernel offsets
only, each step vectorized over the batch, channels and output pixels.
"""
import itertools

import numpy

from kusari import backend
from kusari.backends import cpu_memory
from kusari.utils import _numba, _threads

#: The kernels' index cast: unsigned indices drop the negative-index wraparound, so LLVM
#: sees unit-stride (or constant-stride) accesses and vectorizes the inner loops.
_u64 = numpy.uint64


def pad_extents(insize, ksize, stride, pad, dilate, outsize):
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
    if xp is numpy:
        out = cpu_memory.empty(shape, x.dtype)
        out.fill(pval)
    else:
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
    lo, hi = pad_extents(x.shape[2:], ksize, stride, pad, dilate, outsize)
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


#: Bytes of col per block where a product and a pass over its result follow each other (the
#: CPU deconvolution's col2im, the weight gradient's sum over the block): about a core's L2
#: cache, so that the second pass reads what the first has just written from the cache.
CACHE_BLOCK_BYTES = 1 << 20


def block_size(n, bytes_per_item, block_bytes=None):
    """How many of ``n`` batch elements of ``bytes_per_item`` each form one block (>= 1) of
    at most ``block_bytes`` (default :data:`BLOCK_BYTES`)."""
    if block_bytes is None:
        block_bytes = BLOCK_BYTES
    return max(1, min(n, block_bytes // max(bytes_per_item, 1)))


def col_blocks(view, lo, hi, block_bytes=None):
    """Yield ``(i, j, col)`` over consecutive blocks of the batch elements ``lo .. hi - 1``:
    ``col`` is ``view[i:j]`` (the windows of :func:`im2col`) copied into one buffer reused
    from block to block (see :func:`block_size` for ``block_bytes``)."""
    per_item = 1
    for s in view.shape[1:]:
        per_item *= s
    nb = block_size(hi - lo, per_item * view.itemsize, block_bytes)
    buf = cpu_memory.empty(nb * per_item, view.dtype)
    for i in range(lo, hi, nb):
        j = min(i + nb, hi)
        col = buf[:(j - i) * per_item].reshape(view[i:j].shape)
        numpy.copyto(col, view[i:j])
        yield i, j, col


def _col2im_numpy(col, stride, pad, dilate, insize, nk):
    xp = backend.get_array_module(col)
    ksize = col.shape[2:2 + nk]
    outsize = col.shape[2 + nk:]
    lo, hi = pad_extents(insize, ksize, stride, pad, dilate, outsize)
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
    if nk == 2 and isinstance(col, numpy.ndarray) and _numba.enabled():
        return _col2im_2d(col, stride, pad, dilate, insize)
    return _col2im_numpy(col, stride, pad, dilate, insize, nk)


@_numba.kernel
def col2im_2d_kernel(col, out, n0, n1, sy, sx, ph, pw, dy, dx):
    """``out[n0:n1] += `` the windows ``col[n0:n1]`` (the loops of :func:`_col2im_numpy`)."""
    c, kh, kw, oh, ow = col.shape[1], col.shape[2], col.shape[3], col.shape[4], col.shape[5]
    h, w = out.shape[2], out.shape[3]
    for i in range(n0, n1):
        for j in range(c):
            o = out[i, j]
            for ky in range(kh):
                for kx in range(kw):
                    # the output columns ox whose pixel ox * sx + kx * dx - pw is inside
                    off = kx * dx - pw
                    lo = 0 if off >= 0 else (-off + sx - 1) // sx
                    hi = min(ow, (w - 1 - off) // sx + 1) if w - 1 - off >= 0 else 0
                    cr = col[i, j, ky, kx]
                    for oy in range(oh):
                        y = oy * sy + ky * dy - ph
                        if y < 0 or y >= h:
                            continue
                        orow = o[y]
                        crow = cr[oy]
                        for ox in range(lo, hi):
                            orow[_u64(ox * sx + off)] += crow[_u64(ox)]


def col2im_2d_applies(nk, dtype):
    """Whether :func:`col2im_2d_into` serves ``nk``-d windows of ``dtype`` (2-d, float32 or
    float64, Numba on)."""
    return nk == 2 and dtype in (numpy.float32, numpy.float64) and _numba.enabled()


def col2im_2d_into(col, out, stride, pad, dilate):
    """``out += col2im(col)`` for 2-d windows ``col`` (N, C, kh, kw, oh, ow), C-contiguous,
    into ``out`` (N, C, H, W) of the same dtype, in the calling thread (no batch split)."""
    col2im_2d_kernel(col, out, 0, col.shape[0], stride[0], stride[1], pad[0], pad[1],
                     dilate[0], dilate[1])


def _col2im_2d(col, stride, pad, dilate, insize):
    if col.dtype == numpy.float16:
        return _col2im_2d(col.astype(numpy.float32), stride, pad, dilate,
                          insize).astype(numpy.float16)
    col = numpy.ascontiguousarray(col)
    out = cpu_memory.zeros(col.shape[:2] + tuple(insize), col.dtype)
    _threads.split(col.shape[0], lambda lo, hi: col2im_2d_into(col[lo:hi], out[lo:hi], stride,
                                                                pad, dilate), uses_blas=False)
    return out
