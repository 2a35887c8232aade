"""Private im2col / col2im machinery shared by convolution, deconvolution and pooling.

Everything here works on raw arrays of layout ``(N, C, *spatial)`` for any number of spatial
dimensions. ``im2col`` returns a strided *view* ``(N, C, *ksize, *outsize)`` of a padded copy
of the input (no per-window copy); ``col2im`` adds such an array back into the input layout.
On the CPU, the 2-d ``col2im`` has a Numba kernel (imported lazily, used when
``kusari.config.use_numba`` is set); the NumPy path loops over the kernel offsets only, each
step vectorized over the batch, channels and output pixels.

With Numba on (and threadpoolctl installed), the CPU convolutions split the batch over
:func:`cpu_threads` threads (:func:`split_batch`): each runs the GIL-free Numba kernels and
single-threaded BLAS products on its share.

3x3, stride-1, undilated 2-d convolutions with enough channels take Winograd's minimal
filtering algorithm F(2x2, 3x3) on the CPU when Numba is enabled (:func:`winograd_forward`,
:func:`winograd_grad_w`): 16 products with 2.25 times fewer multiplications than im2col,
the tile transforms in Numba kernels (planar ones for large planes, channels-last ones for
planes of at most ``WINOGRAD_NHWC_MAX_PIXELS`` outputs). Otherwise (and as the reference
that the tests compare it with) the im2col path computes the same function.
"""
import contextlib
import itertools
import threading

import numpy

from kusari import backend


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
    buf = numpy.empty(nb * per_item, view.dtype)
    for i in range(lo, hi, nb):
        j = min(i + nb, hi)
        col = buf[:(j - i) * per_item].reshape(view[i:j].shape)
        numpy.copyto(col, view[i:j])
        yield i, j, col


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


def check_spatial(x, n):
    """Raise ValueError (Chainer's message) unless ``x`` has ``n`` axes after the channels."""
    if len(x.shape[2:]) != n:
        raise ValueError(
            "The number of dimensions under channel dimension of the input 'x' should be {}. "
            'But the actual ndim was {}.'.format(n, len(x.shape[2:])))


# -- Threads -------------------------------------------------------------------------------

#: Threads over which the CPU convolutions split the batch (each thread runs the Numba
#: kernels, which release the GIL, and the BLAS products of its share, with BLAS limited to
#: one thread meanwhile through threadpoolctl). ``None``: Numba's thread count
#: (``numba.set_num_threads`` if called, else ``NUMBA_NUM_THREADS``, the cores by default;
#: read without starting Numba's OpenMP pool, whose start would also reset the thread count
#: of any other OpenMP user in the process, PyTorch's included); 1 when Numba is off or
#: threadpoolctl is not installed (BLAS threads inside each share would then oversubscribe
#: the cores). Measured on 2 cores: the ResNet training step of ``benchmarks/train_step.py``
#: about 25% faster than one thread with a 2-thread BLAS, which spins between the small
#: products and the transforms.
CPU_THREADS = None

_pools = {}


def _blas_controller():
    if 'blas' not in _pools:
        try:
            import threadpoolctl
            _pools['blas'] = threadpoolctl.ThreadpoolController()
        except ImportError:  # pragma: no cover - optional
            _pools['blas'] = None
    return _pools['blas']


def cpu_threads():
    """How many threads :func:`split_batch` uses."""
    if CPU_THREADS is not None:
        return max(1, int(CPU_THREADS))
    if not _use_numba() or _blas_controller() is None:
        return 1
    import numba
    try:
        from numba.np.ufunc import parallel
        started = parallel._is_initialized
    except (ImportError, AttributeError):  # pragma: no cover - other Numba versions
        started = True
    return numba.get_num_threads() if started else numba.config.NUMBA_NUM_THREADS


def split_batch(n, work):
    """``[work(lo, hi) ...]`` over consecutive shares of ``range(n)``, one per thread (the
    first one in the calling thread); each ``work`` must write only its own share.

    The other shares run on :mod:`kusari.utils._workers` threads, which poll for their next
    share for about a millisecond before they sleep (waking a sleeping thread took about
    0.1 ms on the benchmarks' VM, twice per split, 75 splits per ResNet step).
    """
    w = min(cpu_threads(), n)
    if w <= 1 or threading.current_thread().name.startswith('kusari-conv'):
        # (inside a worker, a nested split would wait on its own pool)
        return [work(0, n)]
    from kusari.utils import _workers
    pool = _workers.get(w - 1, 'kusari-conv')
    bounds = [n * j // w for j in range(w + 1)]
    ctl = _blas_controller()
    with ctl.limit(limits=1, user_api='blas') if ctl is not None else contextlib.nullcontext():
        out = pool.run([(work, (bounds[j], bounds[j + 1])) for j in range(1, w)],
                       lambda: work(bounds[0], bounds[1]))
        if out is None:   # another thread is using the workers: this one does every share
            out = [work(bounds[j], bounds[j + 1]) for j in range(w)]
    return out


# -- Numba ---------------------------------------------------------------------------------

#: Index cast of the kernels: ``int`` in plain Python, ``numba.uint64`` once ``_build``
#: compiles them (set there, before compilation, as Numba reads globals at compile time):
#: unsigned indices skip the negative-index wraparound, so LLVM sees unit-stride (or
#: constant-stride) accesses and vectorizes the inner loops.
_u64 = int

_kernels = {}


def _use_numba():
    from kusari.utils import _numba
    return _numba.enabled()


def _get_kernel(name):
    k = _kernels.get(name)
    if k is None:
        k = _kernels[name] = _build(name)
    return k


def _build(name):
    import numba

    if name == 'col2im_2d':
        # serial (the batch is split over threads by ``split_batch``), releases the GIL
        globals()['_u64'] = numba.uint64
        return numba.njit(cache=True, nogil=True, error_model='numpy')(_col2im_2d_serial)
    if name.startswith('wino_'):
        # serial: on a loaded machine, Numba's threads and BLAS's (which spin between calls)
        # slowed each other down more than the second core sped the transforms up. The
        # kernels index with unsigned integers: no negative-index wraparound, so LLVM sees
        # unit-stride (or stride-2) accesses and vectorizes the inner loops.
        globals()['_u64'] = numba.uint64
        fn = {'wino_in': _wino_in, 'wino_out': _wino_out, 'wino_gy': _wino_gy,
              'wino_in_t': _wino_in_t, 'wino_out_t': _wino_out_t, 'wino_gy_t': _wino_gy_t}[name]
        return numba.njit(cache=True, nogil=True, error_model='numpy')(fn)
    raise KeyError(name)


def _col2im_2d_serial(col, out, n0, n1, sy, sx, ph, pw, dy, dx):
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


def col2im_blocks_apply(nk, dtype):
    """Whether :func:`col2im_2d_into` serves ``nk``-d windows of ``dtype`` (2-d, float32 or
    float64, Numba on)."""
    return nk == 2 and dtype in (numpy.float32, numpy.float64) and _use_numba()


def col2im_2d_into(col, out, stride, pad, dilate):
    """``out += col2im(col)`` for 2-d windows ``col`` (N, C, kh, kw, oh, ow), C-contiguous,
    into ``out`` (N, C, H, W) of the same dtype, in the calling thread (no batch split)."""
    _get_kernel('col2im_2d')(col, out, 0, col.shape[0], stride[0], stride[1], pad[0], pad[1],
                             dilate[0], dilate[1])


def _numba_col2im_2d(col, stride, pad, dilate, insize):
    if col.dtype == numpy.float16:
        return _numba_col2im_2d(col.astype(numpy.float32), stride, pad, dilate,
                                insize).astype(numpy.float16)
    col = numpy.ascontiguousarray(col)
    out = numpy.zeros(col.shape[:2] + tuple(insize), dtype=col.dtype)
    split_batch(col.shape[0], lambda lo, hi: col2im_2d_into(col[lo:hi], out[lo:hi], stride,
                                                            pad, dilate))
    return out


# -- Winograd F(2x2, 3x3) -------------------------------------------------------------------
#
# Output tile (ti, tj) covers y[2ti:2ti+2, 2tj:2tj+2] and reads the 4x4 input patch at padded
# offset (2ti, 2tj). With the tile index t = (n, ti, tj) flattened:
#   V[xi, c, t] = (B^T d B)[xi],  U[xi, o, c] = (G w G^T)[xi],  M[xi] = U[xi] @ V[xi],
#   y_tile = A^T M A,  and for the weight gradient  Z[xi, o, t] = (A e A^T)[xi] (e: gy tile),
#   dU[xi] = Z[xi] @ V[xi]^T,  gW = G^T dU G.
# The kernels below are plain Python, compiled by Numba on first use (``_get_kernel``). Each
# handles one (image, channel) plane at a time; the innermost loops run over the whole plane
# of tiles, unit stride, so that they vectorize.

_WINO_G = ((1.0, 0.0, 0.0), (0.5, 0.5, 0.5), (0.5, -0.5, 0.5), (0.0, 0.0, 1.0))

#: Smallest number of input and of output channels (per group) for the Winograd path; below
#: it the 16 thin products lose to one im2col product (measured on (32, C, 32, 32) inputs:
#: im2col wins slightly at C = 8, Winograd is about 3 times faster at C = 16).
WINOGRAD_MIN_CHANNELS = 16

#: Bytes of transformed tiles (V and M, or V and Z) per block of batch elements (per
#: thread): blocks of about 1 MiB, which stay in a core's L2 cache between the transforms
#: and the products, measured fastest with two threads (4 MiB blocks: the training step
#: of ``benchmarks/train_step.py`` about 10% slower; whole-batch buffers much slower).
WINOGRAD_BLOCK_BYTES = 1 << 20


def _wino_in(x, v, n0, nb, ph, pw, th, tw):
    """``v[xi, c, t] = (B^T d B)[xi]`` for the tiles of ``x[n0:n0 + nb]`` (zero padded)."""
    c_, h, w = x.shape[1], x.shape[2], x.shape[3]
    hp = 2 * th + 2
    wp = 2 * tw + 2
    L = th * tw
    ylo = min(ph, hp)
    yhi = max(min(h + ph, hp), ylo)
    xlo = min(pw, wp)
    xhi = max(min(w + pw, wp), xlo)
    p = numpy.zeros((hp, wp), x.dtype)
    hz = numpy.empty((4, hp * tw), x.dtype)
    for ic in range(nb * c_):
        i = ic // c_
        c = ic % c_
        # the padded plane; its border stays zero since only this window is ever written
        p[ylo:yhi, xlo:xhi] = x[n0 + i, c, ylo - ph:yhi - ph, xlo - pw:xhi - pw]
        # horizontal transform of every padded row: hz[b, r * tw + tj] = (d_r B)[b]
        h0 = hz[0]
        h1 = hz[1]
        h2 = hz[2]
        h3 = hz[3]
        for r in range(hp):
            pr = p[r]
            s = r * tw
            for k in range(tw):
                a0 = pr[_u64(2 * k)]
                a1 = pr[_u64(2 * k + 1)]
                a2 = pr[_u64(2 * k + 2)]
                a3 = pr[_u64(2 * k + 3)]
                h0[_u64(s + k)] = a0 - a2
                h1[_u64(s + k)] = a1 + a2
                h2[_u64(s + k)] = a2 - a1
                h3[_u64(s + k)] = a1 - a3
        # vertical transform of the rows 2 ti .. 2 ti + 3 of each tile
        t0 = i * L
        for b in range(4):
            hb = hz[b]
            v0 = v[b, c, t0:t0 + L]
            v1 = v[4 + b, c, t0:t0 + L]
            v2 = v[8 + b, c, t0:t0 + L]
            v3 = v[12 + b, c, t0:t0 + L]
            for ti in range(th):
                s0 = 2 * ti * tw
                o = ti * tw
                for k in range(tw):
                    r0 = hb[_u64(s0 + k)]
                    r1 = hb[_u64(s0 + tw + k)]
                    r2 = hb[_u64(s0 + 2 * tw + k)]
                    r3 = hb[_u64(s0 + 3 * tw + k)]
                    v0[_u64(o + k)] = r0 - r2
                    v1[_u64(o + k)] = r1 + r2
                    v2[_u64(o + k)] = r2 - r1
                    v3[_u64(o + k)] = r1 - r3


def _wino_out(m, y, n0, nb, th, tw):
    """``y[n0:n0 + nb]`` from the products ``m``: ``y_tile = A^T M A`` (cropped to y)."""
    o_, oh, ow = y.shape[1], y.shape[2], y.shape[3]
    L = th * tw
    for io in range(nb * o_):
        i = io // o_
        o = io % o_
        t0 = i * L
        s = numpy.empty((2, 4, L), m.dtype)
        r = numpy.empty((2, 2, L), m.dtype)
        for b in range(4):
            m0 = m[b, o, t0:t0 + L]
            m1 = m[4 + b, o, t0:t0 + L]
            m2 = m[8 + b, o, t0:t0 + L]
            m3 = m[12 + b, o, t0:t0 + L]
            s0 = s[0, b]
            s1 = s[1, b]
            for j in range(L):
                s0[_u64(j)] = m0[_u64(j)] + m1[_u64(j)] + m2[_u64(j)]
                s1[_u64(j)] = m1[_u64(j)] - m2[_u64(j)] - m3[_u64(j)]
        for a in range(2):
            sa0 = s[a, 0]
            sa1 = s[a, 1]
            sa2 = s[a, 2]
            sa3 = s[a, 3]
            re = r[a, 0]
            ro = r[a, 1]
            for j in range(L):
                re[_u64(j)] = sa0[_u64(j)] + sa1[_u64(j)] + sa2[_u64(j)]
                ro[_u64(j)] = sa1[_u64(j)] - sa2[_u64(j)] - sa3[_u64(j)]
        yo = y[n0 + i, o]
        for ti in range(th):
            for a in range(2):
                yy = 2 * ti + a
                if yy < oh:
                    yr = yo[yy]
                    re = r[a, 0, ti * tw:(ti + 1) * tw]
                    ro = r[a, 1, ti * tw:(ti + 1) * tw]
                    for k in range(ow // 2):
                        yr[_u64(2 * k)] = re[_u64(k)]
                        yr[_u64(2 * k + 1)] = ro[_u64(k)]
                    if ow % 2:
                        yr[_u64(ow - 1)] = re[_u64(tw - 1)]


def _wino_gy(gy, z, n0, nb, th, tw):
    """``z[xi, o, t] = (A e A^T)[xi]`` for the 2x2 tiles ``e`` of ``gy[n0:n0 + nb]``."""
    o_, oh, ow = gy.shape[1], gy.shape[2], gy.shape[3]
    L = th * tw
    for io in range(nb * o_):
        i = io // o_
        o = io % o_
        t0 = i * L
        e = numpy.zeros((2, 2 * tw), gy.dtype)
        ev = numpy.empty((4, L), gy.dtype)
        od = numpy.empty((4, L), gy.dtype)
        g = gy[n0 + i, o]
        for ti in range(th):
            for a in range(2):
                yy = 2 * ti + a
                if yy < oh:
                    e[a, :ow] = g[yy]
                else:
                    e[a, :ow] = 0
            s = ti * tw
            for k in range(tw):
                e0 = e[0, 2 * k]
                e1 = e[1, 2 * k]
                ev[0, s + k] = e0
                ev[1, s + k] = e0 + e1
                ev[2, s + k] = e0 - e1
                ev[3, s + k] = -e1
                o0 = e[0, 2 * k + 1]
                o1 = e[1, 2 * k + 1]
                od[0, s + k] = o0
                od[1, s + k] = o0 + o1
                od[2, s + k] = o0 - o1
                od[3, s + k] = -o1
        for a in range(4):
            z0 = z[4 * a, o, t0:t0 + L]
            z1 = z[4 * a + 1, o, t0:t0 + L]
            z2 = z[4 * a + 2, o, t0:t0 + L]
            z3 = z[4 * a + 3, o, t0:t0 + L]
            ea = ev[a]
            oa = od[a]
            for j in range(L):
                z0[_u64(j)] = ea[_u64(j)]
                z1[_u64(j)] = ea[_u64(j)] + oa[_u64(j)]
                z2[_u64(j)] = ea[_u64(j)] - oa[_u64(j)]
                z3[_u64(j)] = -oa[_u64(j)]


# The same transforms on channels-last (NHWC) buffers, for small planes (at most
# ``WINOGRAD_NHWC_MAX_PIXELS`` output pixels): tiles are then few per plane, so the kernels
# above would loop over short rows; here every inner loop runs over the channels (or a
# whole row of pixels times channels), unit stride, and V, M, Z are laid out (16, T, C) so
# that the products are V @ U^T and Z^T @ V. The transposes to and from NHWC are cheap
# copies at these sizes.

#: Largest output plane (pixels) for the NHWC Winograd kernels (measured: faster at 16x16
#: and 8x8 with 32 and 64 channels; slower at 32x32 with 16 channels, where the transposes
#: cost more than the planar kernels).
WINOGRAD_NHWC_MAX_PIXELS = 256


def _wino_in_t(xt, v, n0, nb, th, tw):
    """v[xi, t, c] = (B^T d B)[xi] for the tiles of the padded NHWC images xt[n0:n0+nb]."""
    hp, wp, C = xt.shape[1], xt.shape[2], xt.shape[3]
    xf = xt.ravel()
    vf = v.ravel()
    S = v.shape[1] * C
    R = wp * C
    q = numpy.empty(4 * R, xt.dtype)
    for i in range(nb):
        for ti in range(th):
            b0 = ((n0 + i) * hp + 2 * ti) * R
            b1 = b0 + R
            b2 = b1 + R
            b3 = b2 + R
            for k in range(R):
                q[_u64(k)] = xf[_u64(b0 + k)] - xf[_u64(b2 + k)]
            for k in range(R):
                q[_u64(R + k)] = xf[_u64(b1 + k)] + xf[_u64(b2 + k)]
            for k in range(R):
                q[_u64(2 * R + k)] = xf[_u64(b2 + k)] - xf[_u64(b1 + k)]
            for k in range(R):
                q[_u64(3 * R + k)] = xf[_u64(b1 + k)] - xf[_u64(b3 + k)]
            for a in range(4):
                for tj in range(tw):
                    t = (i * th + ti) * tw + tj
                    s = a * R + 2 * tj * C
                    o = 4 * a * S + t * C
                    for c in range(C):
                        vf[_u64(o + c)] = q[_u64(s + c)] - q[_u64(s + 2 * C + c)]
                    o += S
                    for c in range(C):
                        vf[_u64(o + c)] = q[_u64(s + C + c)] + q[_u64(s + 2 * C + c)]
                    o += S
                    for c in range(C):
                        vf[_u64(o + c)] = q[_u64(s + 2 * C + c)] - q[_u64(s + C + c)]
                    o += S
                    for c in range(C):
                        vf[_u64(o + c)] = q[_u64(s + C + c)] - q[_u64(s + 3 * C + c)]


def _wino_out_t(m, yt, n0, nb, th, tw):
    """yt[n0:n0+nb] (NHWC, 2th x 2tw) from m[xi, t, o]: y_tile = A^T M A."""
    O = m.shape[2]
    mf = m.ravel()
    yf = yt.ravel()
    S = m.shape[1] * O
    R = tw * O
    Y = 2 * tw * O
    s = numpy.empty(8 * R, m.dtype)
    for i in range(nb):
        for ti in range(th):
            t0 = ((i * th + ti) * tw) * O
            for b in range(4):
                p = b * S + t0
                for k in range(R):
                    s[_u64(b * R + k)] = (mf[_u64(p + k)] + mf[_u64(p + 4 * S + k)]
                                         + mf[_u64(p + 8 * S + k)])
                for k in range(R):
                    s[_u64((4 + b) * R + k)] = (mf[_u64(p + 4 * S + k)] - mf[_u64(p + 8 * S + k)]
                                               - mf[_u64(p + 12 * S + k)])
            for a in range(2):
                yb = ((n0 + i) * 2 * th + 2 * ti + a) * Y
                sb = 4 * a * R
                for tj in range(tw):
                    p = sb + tj * O
                    o = yb + 2 * tj * O
                    for c in range(O):
                        yf[_u64(o + c)] = (s[_u64(p + c)] + s[_u64(p + R + c)]
                                           + s[_u64(p + 2 * R + c)])
                    o += O
                    for c in range(O):
                        yf[_u64(o + c)] = (s[_u64(p + R + c)] - s[_u64(p + 2 * R + c)]
                                          - s[_u64(p + 3 * R + c)])


def _wino_gy_t(gt, z, n0, nb, th, tw):
    """z[xi, t, o] = (A e A^T)[xi] for the 2x2 tiles e of gt[n0:n0+nb] (NHWC, 2th x 2tw)."""
    O = gt.shape[3]
    gf = gt.ravel()
    zf = z.ravel()
    S = z.shape[1] * O
    R = 2 * tw * O
    r = numpy.empty(4 * R, gt.dtype)
    for i in range(nb):
        for ti in range(th):
            b0 = ((n0 + i) * 2 * th + 2 * ti) * R
            b1 = b0 + R
            for k in range(R):
                r[_u64(k)] = gf[_u64(b0 + k)]
            for k in range(R):
                r[_u64(R + k)] = gf[_u64(b0 + k)] + gf[_u64(b1 + k)]
            for k in range(R):
                r[_u64(2 * R + k)] = gf[_u64(b0 + k)] - gf[_u64(b1 + k)]
            for k in range(R):
                r[_u64(3 * R + k)] = -gf[_u64(b1 + k)]
            for a in range(4):
                for tj in range(tw):
                    t = (i * th + ti) * tw + tj
                    p = a * R + 2 * tj * O
                    o = 4 * a * S + t * O
                    for c in range(O):
                        zf[_u64(o + c)] = r[_u64(p + c)]
                    o += S
                    for c in range(O):
                        zf[_u64(o + c)] = r[_u64(p + c)] + r[_u64(p + O + c)]
                    o += S
                    for c in range(O):
                        zf[_u64(o + c)] = r[_u64(p + c)] - r[_u64(p + O + c)]
                    o += S
                    for c in range(O):
                        zf[_u64(o + c)] = -r[_u64(p + O + c)]



def use_winograd(x, ksize, stride, dilate, groups, n_out):
    """Whether the Winograd F(2x2, 3x3) path applies to this convolution of ``x``."""
    return (isinstance(x, numpy.ndarray) and x.ndim == 4 and tuple(ksize) == (3, 3)
            and tuple(stride) == (1, 1) and tuple(dilate) == (1, 1)
            and x.dtype in (numpy.float32, numpy.float64)
            and x.shape[1] // groups >= WINOGRAD_MIN_CHANNELS
            and n_out // groups >= WINOGRAD_MIN_CHANNELS and _use_numba())


def _wino_blocks(n, per_item_bytes):
    return max(1, min(n, WINOGRAD_BLOCK_BYTES // max(per_item_bytes, 1)))


def winograd_forward(x, W, pad, groups, outsize):
    """The convolution of ``x`` (N, C, H, W) with ``W`` (O, C/G, 3, 3), stride 1, padding
    ``pad`` and output size ``outsize``, by Winograd F(2x2, 3x3); shape (N, O, *outsize)."""
    if groups == 1 and outsize[0] * outsize[1] <= WINOGRAD_NHWC_MAX_PIXELS:
        return _winograd_forward_nhwc(x, W, pad, outsize)
    n, c = x.shape[:2]
    o = W.shape[0]
    g = groups
    oh, ow = outsize
    th, tw = (oh + 1) // 2, (ow + 1) // 2
    L = th * tw
    gm = numpy.array(_WINO_G, W.dtype)
    u = numpy.einsum('ai,ocij,bj->aboc', gm, W, gm, optimize=True)
    u = numpy.ascontiguousarray(u.reshape(16, g, o // g, c // g))
    y = numpy.empty((n, o, oh, ow), x.dtype)
    k_in = _get_kernel('wino_in')
    k_out = _get_kernel('wino_out')

    def work(lo, hi):
        nb = _wino_blocks(hi - lo, 16 * (c + o) * L * x.itemsize)
        vbuf = numpy.empty(16 * c * nb * L, x.dtype)
        mbuf = numpy.empty(16 * o * nb * L, x.dtype)
        for i in range(lo, hi, nb):
            k = min(nb, hi - i)
            v = vbuf[:16 * c * k * L].reshape(16, c, k * L)
            m = mbuf[:16 * o * k * L].reshape(16, o, k * L)
            k_in(x, v, i, k, pad[0], pad[1], th, tw)
            numpy.matmul(u, v.reshape(16, g, c // g, k * L),
                         out=m.reshape(16, g, o // g, k * L))
            k_out(m, y, i, k, th, tw)

    split_batch(n, work)
    return y


def winograd_grad_w(x, gy, pad, groups):
    """The gradient of :func:`winograd_forward` with respect to ``W``: shape (O, C/G, 3, 3)."""
    if groups == 1 and gy.shape[2] * gy.shape[3] <= WINOGRAD_NHWC_MAX_PIXELS:
        return _winograd_grad_w_nhwc(x, gy, pad)
    n, c = x.shape[:2]
    o, oh, ow = gy.shape[1:]
    g = groups
    th, tw = (oh + 1) // 2, (ow + 1) // 2
    L = th * tw
    k_in = _get_kernel('wino_in')
    k_gy = _get_kernel('wino_gy')

    def work(lo, hi):
        nb = _wino_blocks(hi - lo, 16 * (c + o) * L * x.itemsize)
        vbuf = numpy.empty(16 * c * nb * L, x.dtype)
        zbuf = numpy.empty(16 * o * nb * L, x.dtype)
        du = numpy.zeros((16, g, o // g, c // g), x.dtype)
        for i in range(lo, hi, nb):
            k = min(nb, hi - i)
            v = vbuf[:16 * c * k * L].reshape(16, c, k * L)
            z = zbuf[:16 * o * k * L].reshape(16, o, k * L)
            k_in(x, v, i, k, pad[0], pad[1], th, tw)
            k_gy(gy, z, i, k, th, tw)
            du += numpy.matmul(z.reshape(16, g, o // g, k * L),
                               v.reshape(16, g, c // g, k * L).swapaxes(-1, -2))
        return du

    du = sum(split_batch(n, work))
    gm = numpy.array(_WINO_G, x.dtype)
    return numpy.einsum('ai,aboc,bj->ocij', gm, du.reshape(4, 4, o, c // g), gm,
                        optimize=True)


def _padded_nhwc(x, ph, pw, th, tw):
    """``x`` (N, C, H, W) as a zero-padded channels-last buffer (N, 2 th + 2, 2 tw + 2, C)."""
    n, c, h, w = x.shape
    hp, wp = 2 * th + 2, 2 * tw + 2
    ylo = min(ph, hp)
    yhi = max(min(h + ph, hp), ylo)
    xlo = min(pw, wp)
    xhi = max(min(w + pw, wp), xlo)
    xt = numpy.zeros((n, hp, wp, c), x.dtype)
    xt[:, ylo:yhi, xlo:xhi] = x[:, :, ylo - ph:yhi - ph, xlo - pw:xhi - pw].transpose(0, 2, 3, 1)
    return xt


def _winograd_forward_nhwc(x, W, pad, outsize):
    n, c = x.shape[:2]
    o = W.shape[0]
    oh, ow = outsize
    th, tw = (oh + 1) // 2, (ow + 1) // 2
    L = th * tw
    gm = numpy.array(_WINO_G, W.dtype)
    ut = numpy.einsum('ai,ocij,bj->abco', gm, W, gm, optimize=True)
    ut = numpy.ascontiguousarray(ut.reshape(16, c, o))
    y = numpy.empty((n, o, oh, ow), x.dtype)
    k_in = _get_kernel('wino_in_t')
    k_out = _get_kernel('wino_out_t')

    def work(lo, hi):
        xt = _padded_nhwc(x[lo:hi], pad[0], pad[1], th, tw)
        yt = numpy.empty((hi - lo, 2 * th, 2 * tw, o), x.dtype)
        nb = _wino_blocks(hi - lo, 16 * (c + o) * L * x.itemsize)
        vbuf = numpy.empty(16 * c * nb * L, x.dtype)
        mbuf = numpy.empty(16 * o * nb * L, x.dtype)
        for i in range(0, hi - lo, nb):
            k = min(nb, hi - lo - i)
            v = vbuf[:16 * c * k * L].reshape(16, k * L, c)
            m = mbuf[:16 * o * k * L].reshape(16, k * L, o)
            k_in(xt, v, i, k, th, tw)
            numpy.matmul(v, ut, out=m)
            k_out(m, yt, i, k, th, tw)
        y[lo:hi] = yt[:, :oh, :ow].transpose(0, 3, 1, 2)

    split_batch(n, work)
    return y


def _winograd_grad_w_nhwc(x, gy, pad):
    n, c = x.shape[:2]
    o, oh, ow = gy.shape[1:]
    th, tw = (oh + 1) // 2, (ow + 1) // 2
    L = th * tw
    k_in = _get_kernel('wino_in_t')
    k_gy = _get_kernel('wino_gy_t')

    def work(lo, hi):
        xt = _padded_nhwc(x[lo:hi], pad[0], pad[1], th, tw)
        gt = numpy.zeros((hi - lo, 2 * th, 2 * tw, o), x.dtype)
        gt[:, :oh, :ow] = gy[lo:hi].transpose(0, 2, 3, 1)
        nb = _wino_blocks(hi - lo, 16 * (c + o) * L * x.itemsize)
        vbuf = numpy.empty(16 * c * nb * L, x.dtype)
        zbuf = numpy.empty(16 * o * nb * L, x.dtype)
        du = numpy.zeros((16, o, c), x.dtype)
        for i in range(0, hi - lo, nb):
            k = min(nb, hi - lo - i)
            v = vbuf[:16 * c * k * L].reshape(16, k * L, c)
            z = zbuf[:16 * o * k * L].reshape(16, k * L, o)
            k_in(xt, v, i, k, th, tw)
            k_gy(gt, z, i, k, th, tw)
            du += numpy.matmul(z.swapaxes(1, 2), v)
        return du

    du = sum(split_batch(n, work))
    gm = numpy.array(_WINO_G, x.dtype)
    return numpy.einsum('ai,aboc,bj->ocij', gm, du.reshape(4, 4, o, c), gm, optimize=True)


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
