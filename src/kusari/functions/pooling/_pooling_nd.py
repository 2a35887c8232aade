"""Private machinery of the pooling functions: window maxima, window sums and index scatters.

Layout ``(N, C, *spatial)`` for any number of spatial axes. Every pooling function is built
from two pairs of mutually adjoint linear nodes, so each backward is again differentiable:

- ``IndexScatter`` / ``IndexGather``: move values to / from one position per window, given
  constant window-relative indices (max pooling's argmax, ``upsampling_2d``'s ``indexes``);
- ``WindowSum`` / ``WindowScatter``: sum over each window (divided by a constant) and its
  adjoint (average pooling, unpooling).

The 2-d max pooling, scatter and gather have kernels (:mod:`kusari.utils._numba`, used when
``kusari.config.use_numba`` is set; large arrays split their planes over
:mod:`kusari.utils._threads`); the NumPy paths loop over kernel offsets only.
"""
import itertools

import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import _im2col, _numba, _threads, conv, type_check


def _prod(t):
    n = 1
    for v in t:
        n *= v
    return n


def check_pool_input(label, in_data, ndim):
    """Chainer's pooling checks: one float input with ``2 + ndim`` axes and some elements."""
    if len(in_data) != 1:
        type_check.fail(label, 'in_types.size() == 1', 'in_types.size() == {}'.format(
            len(in_data)))
    x = in_data[0]
    type_check.check_float(label, 'x', x)
    if x.ndim != ndim + 2:
        type_check.fail(label, 'x.ndim == {}'.format(ndim + 2), 'x.shape={}'.format(x.shape))
    if x.size == 0:
        type_check.fail(label, 'x.size > 0', 'x.shape={}'.format(x.shape))


def pool_outsize(insize, ksize, stride, pad, cover_all, label):
    outs = tuple(conv.get_conv_outsize(s, k, st, p, cover_all)
                 for s, k, st, p in zip(insize, ksize, stride, pad))
    if any(o <= 0 for o in outs):
        raise RuntimeError('{}: Output sizes should be positive (got {} for input size {}, '
                           'ksize {}, stride {}, pad {})'.format(label, outs, insize, ksize,
                                                                 stride, pad))
    return outs


def _numba_ok(*arrays):
    return all(isinstance(a, numpy.ndarray) for a in arrays) and _numba.enabled()


def _f32(a):
    return a.astype(numpy.float32) if a.dtype == numpy.float16 else a


# -- window maxima -------------------------------------------------------------------------

def max_pool(x, ksize, stride, pad, outsize):
    """Maxima ``y`` and window-relative argmax ``indexes`` (``int32``, row-major in ksize)."""
    nd = len(ksize)
    if nd == 2 and _numba_ok(x):
        xx = numpy.ascontiguousarray(_f32(x))
        y = numpy.empty(x.shape[:2] + tuple(outsize), xx.dtype)
        idx = numpy.empty(y.shape, numpy.int32)
        inside = (not any(pad) and (outsize[0] - 1) * stride[0] + ksize[0] <= x.shape[2]
                  and (outsize[1] - 1) * stride[1] + ksize[1] <= x.shape[3])
        planes = x.shape[0] * x.shape[1]
        if inside:
            _planes(max_pool_2d_inside, planes, y.size, xx, y, idx, ksize[0], ksize[1],
                    stride[0], stride[1])
        else:
            _planes(max_pool_2d, planes, y.size, xx, y, idx, ksize[0], ksize[1], stride[0],
                    stride[1], pad[0], pad[1])
        return y.astype(x.dtype, copy=False), idx
    xp = backend.get_array_module(x)
    col = _im2col.im2col(x, ksize, stride, pad, (1,) * nd, outsize, pval=-numpy.inf)
    y = col[(slice(None), slice(None)) + (0,) * nd].copy()
    idx = xp.zeros(y.shape, numpy.int32)
    for i, k in enumerate(itertools.product(*[range(n) for n in ksize])):
        if i == 0:
            continue
        v = col[(slice(None), slice(None)) + k]
        m = v > y
        y[m] = v[m]
        idx[m] = i
    return y, idx


# -- index scatter / gather ----------------------------------------------------------------

def _flat_positions(indexes, ksize, stride, pshape):
    """Flat position in the padded plane of each window's chosen element."""
    xp = backend.get_array_module(indexes)
    nd = len(ksize)
    ks = xp.unravel_index(indexes.astype(numpy.int64), tuple(ksize))
    out = indexes.shape[2:]
    flat = 0
    for d in range(nd):
        shape = [1] * (nd + 2)
        shape[2 + d] = out[d]
        o = xp.arange(out[d], dtype=numpy.int64).reshape(shape)
        flat = flat * pshape[d] + (o * stride[d] + ks[d])
    return flat


def index_scatter(v, indexes, ksize, stride, pad, insize):
    """``gx`` of shape ``(N, C, *insize)`` with each ``v`` added at its window's index."""
    nd = len(ksize)
    insize = tuple(insize)
    if nd == 2 and _numba_ok(v, indexes):
        vv = numpy.ascontiguousarray(_f32(v))
        out = numpy.zeros(v.shape[:2] + insize, vv.dtype)
        _planes(scatter_2d, v.shape[0] * v.shape[1], v.size, vv,
                numpy.ascontiguousarray(indexes), out, ksize[0], ksize[1], stride[0],
                stride[1], pad[0], pad[1])
        return out.astype(v.dtype, copy=False)
    xp = backend.get_array_module(v)
    outsize = v.shape[2:]
    lo, hi = _im2col.pad_extents(insize, ksize, stride, pad, (1,) * nd, outsize)
    pshape = tuple(s + a + b for s, a, b in zip(insize, lo, hi))
    plane = _prod(pshape)
    n, c = v.shape[:2]
    flat = _flat_positions(indexes, ksize, stride, pshape)
    flat = flat.reshape(n * c, -1) + (xp.arange(n * c, dtype=numpy.int64) * plane)[:, None]
    buf = xp.bincount(flat.ravel(), weights=v.astype(numpy.float64).ravel(),
                      minlength=n * c * plane)
    buf = buf.astype(v.dtype).reshape((n, c) + pshape)
    return buf[(Ellipsis,) + tuple(slice(a, a + s) for a, s in zip(lo, insize))]


def index_gather(x, indexes, ksize, stride, pad):
    """``y[n, c, o] = x[n, c, window(o)[indexes[n, c, o]]]`` (0 where that is padding)."""
    nd = len(ksize)
    if nd == 2 and _numba_ok(x, indexes):
        xx = numpy.ascontiguousarray(_f32(x))
        y = numpy.empty(indexes.shape, xx.dtype)
        _planes(gather_2d, y.shape[0] * y.shape[1], y.size, xx,
                numpy.ascontiguousarray(indexes), y, ksize[0], ksize[1], stride[0],
                stride[1], pad[0], pad[1])
        return y.astype(x.dtype, copy=False)
    xp = backend.get_array_module(x)
    outsize = indexes.shape[2:]
    lo, hi = _im2col.pad_extents(x.shape[2:], ksize, stride, pad, (1,) * nd, outsize)
    xpad = _im2col.pad_array(x, lo, hi, 0)
    pshape = xpad.shape[2:]
    flat = _flat_positions(indexes, ksize, stride, pshape)
    n, c = x.shape[:2]
    y = xp.take_along_axis(xpad.reshape(n, c, -1), flat.reshape(n, c, -1), axis=2)
    return y.reshape(indexes.shape)


class IndexScatter(FunctionNode):
    """Adds each input value at one position of its window; the adjoint of IndexGather."""

    def __init__(self, indexes, ksize, stride, pad, insize):
        self.indexes = indexes
        self.ksize = tuple(ksize)
        self.stride = tuple(stride)
        self.pad = tuple(pad)
        self.insize = tuple(insize)

    def forward(self, inputs):
        v, = inputs
        return index_scatter(v, self.indexes, self.ksize, self.stride, self.pad,
                             self.insize),

    def backward(self, indexes, grad_outputs):
        return IndexGather(self.indexes, self.ksize, self.stride, self.pad).apply(
            grad_outputs)


class IndexGather(FunctionNode):
    """Picks one position of each window; the adjoint of IndexScatter."""

    def __init__(self, indexes, ksize, stride, pad):
        self.indexes = indexes
        self.ksize = tuple(ksize)
        self.stride = tuple(stride)
        self.pad = tuple(pad)

    def forward(self, inputs):
        x, = inputs
        self._insize = x.shape[2:]
        return index_gather(x, self.indexes, self.ksize, self.stride, self.pad),

    def backward(self, indexes, grad_outputs):
        return IndexScatter(self.indexes, self.ksize, self.stride, self.pad,
                            self._insize).apply(grad_outputs)


# -- window sums ---------------------------------------------------------------------------

def _scale(y, divisor):
    if isinstance(divisor, (int, float)):
        if divisor == 1:
            return y
        return y * y.dtype.type(1.0 / divisor)
    return y * (1.0 / divisor).astype(y.dtype)


def window_sum(x, ksize, stride, pad, outsize, divisor=1):
    nd = len(ksize)
    col = _im2col.im2col(x, ksize, stride, pad, (1,) * nd, outsize)
    acc = numpy.float32 if x.dtype == numpy.float16 else x.dtype
    y = col.sum(axis=tuple(range(2, 2 + nd)), dtype=acc)
    return _scale(y, divisor).astype(x.dtype, copy=False)


def window_scatter(y, ksize, stride, pad, insize, divisor=1):
    xp = backend.get_array_module(y)
    nd = len(ksize)
    acc = y.astype(numpy.float32) if y.dtype == numpy.float16 else y
    acc = _scale(acc, divisor)
    col = xp.broadcast_to(acc[(slice(None), slice(None)) + (None,) * nd],
                          y.shape[:2] + tuple(ksize) + y.shape[2:])
    return _im2col.col2im(col, stride, pad, (1,) * nd, insize).astype(y.dtype, copy=False)


def window_count(insize, ksize, stride, pad, outsize, xp=numpy):
    """The number of non-padding elements of each window, shape ``(1, 1, *outsize)``."""
    ones = xp.ones((1, 1) + tuple(insize), numpy.float64)
    return window_sum(ones, ksize, stride, pad, outsize)


class WindowSum(FunctionNode):
    """``y = sum over each window of x / divisor``; the adjoint of WindowScatter."""

    def __init__(self, ksize, stride, pad, outsize, divisor=1):
        self.ksize = tuple(ksize)
        self.stride = tuple(stride)
        self.pad = tuple(pad)
        self.outsize = None if outsize is None else tuple(outsize)
        self.divisor = divisor

    def forward(self, inputs):
        x, = inputs
        self._insize = x.shape[2:]
        return window_sum(x, self.ksize, self.stride, self.pad, self.outsize, self.divisor),

    def backward(self, indexes, grad_outputs):
        return WindowScatter(self.ksize, self.stride, self.pad, self._insize,
                             self.divisor).apply(grad_outputs)


class WindowScatter(FunctionNode):
    """Adds ``y / divisor`` to every element of its window; the adjoint of WindowSum."""

    def __init__(self, ksize, stride, pad, insize, divisor=1):
        self.ksize = tuple(ksize)
        self.stride = tuple(stride)
        self.pad = tuple(pad)
        self.insize = None if insize is None else tuple(insize)
        self.divisor = divisor

    def forward(self, inputs):
        y, = inputs
        self._outsize = y.shape[2:]
        return window_scatter(y, self.ksize, self.stride, self.pad, self.insize,
                              self.divisor),

    def backward(self, indexes, grad_outputs):
        return WindowSum(self.ksize, self.stride, self.pad, self._outsize,
                         self.divisor).apply(grad_outputs)


# -- kernels -------------------------------------------------------------------------------
#
# Each kernel does the planes ``p0 .. p1 - 1`` of the flattened (N * C) planes, so that
# :func:`_planes` can split them over :mod:`kusari.utils._threads`.

#: Output elements from which the kernels split their planes over threads.
SPLIT_MIN_SIZE = 1 << 16


def _planes(kernel, n_planes, size, *args):
    """``kernel(*args, p0, p1)`` over all ``n_planes`` planes, split over threads when the
    output has at least :data:`SPLIT_MIN_SIZE` elements."""
    _threads.split(n_planes, lambda p0, p1: kernel(*args, p0, p1), SPLIT_MIN_SIZE, size,
                   uses_blas=False)


@_numba.kernel
def max_pool_2d_inside(x, y, idx, kh, kw, sy, sx, p0, p1):
    """Maxima and argmax when every window lies inside ``x`` (no padding, no cover_all
    overhang): the maxima of a whole output row are taken with branch-free selects, which
    vectorize."""
    c = x.shape[1]
    oh, ow = y.shape[2], y.shape[3]
    for nc in range(p0, p1):
        i = nc // c
        j = nc % c
        for oy in range(oh):
            y0 = oy * sy
            for ox in range(ow):
                y[i, j, oy, ox] = x[i, j, y0, ox * sx]
                idx[i, j, oy, ox] = 0
            for ky in range(kh):
                for kx in range(kw):
                    if ky == 0 and kx == 0:
                        continue
                    k = numpy.int32(ky * kw + kx)
                    for ox in range(ow):
                        v = x[i, j, y0 + ky, ox * sx + kx]
                        b = y[i, j, oy, ox]
                        gt = v > b
                        y[i, j, oy, ox] = v if gt else b
                        idx[i, j, oy, ox] = k if gt else idx[i, j, oy, ox]


@_numba.kernel
def max_pool_2d(x, y, idx, kh, kw, sy, sx, ph, pw, p0, p1):
    """Maxima and argmax (window-relative, row-major) of padded windows."""
    c, h, w = x.shape[1], x.shape[2], x.shape[3]
    oh, ow = y.shape[2], y.shape[3]
    for nc in range(p0, p1):
        i = nc // c
        j = nc % c
        for oy in range(oh):
            y0 = oy * sy - ph
            for ox in range(ow):
                x0 = ox * sx - pw
                best = -numpy.inf
                bi = 0
                for ky in range(kh):
                    yy = y0 + ky
                    if yy < 0 or yy >= h:
                        continue
                    for kx in range(kw):
                        xx = x0 + kx
                        if xx >= 0 and xx < w:
                            v = x[i, j, yy, xx]
                            if v > best:
                                best = v
                                bi = ky * kw + kx
                y[i, j, oy, ox] = best
                idx[i, j, oy, ox] = bi


@_numba.kernel
def scatter_2d(v, idx, out, kh, kw, sy, sx, ph, pw, p0, p1):
    """``out[window(o)[idx[o]]] += v[o]`` (positions in the padding are dropped)."""
    c, oh, ow = v.shape[1], v.shape[2], v.shape[3]
    h, w = out.shape[2], out.shape[3]
    for nc in range(p0, p1):
        i = nc // c
        j = nc % c
        for oy in range(oh):
            for ox in range(ow):
                k = idx[i, j, oy, ox]
                yy = oy * sy - ph + k // kw
                xx = ox * sx - pw + k % kw
                if yy >= 0 and yy < h and xx >= 0 and xx < w:
                    out[i, j, yy, xx] += v[i, j, oy, ox]


@_numba.kernel
def gather_2d(x, idx, y, kh, kw, sy, sx, ph, pw, p0, p1):
    """``y[o] = x[window(o)[idx[o]]]`` (0 where that is padding)."""
    c, oh, ow = y.shape[1], y.shape[2], y.shape[3]
    h, w = x.shape[2], x.shape[3]
    for nc in range(p0, p1):
        i = nc // c
        j = nc % c
        for oy in range(oh):
            for ox in range(ow):
                k = idx[i, j, oy, ox]
                yy = oy * sy - ph + k // kw
                xx = ox * sx - pw + k % kw
                if yy >= 0 and yy < h and xx >= 0 and xx < w:
                    y[i, j, oy, ox] = x[i, j, yy, xx]
                else:
                    y[i, j, oy, ox] = 0
