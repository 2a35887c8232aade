"""Private im2col / col2im machinery shared by convolution, deconvolution and pooling.

Everything here works on raw arrays of layout ``(N, C, *spatial)`` for any number of spatial
dimensions. ``im2col`` returns a strided *view* ``(N, C, *ksize, *outsize)`` of a padded copy
of the input (no per-window copy); ``col2im`` adds such an array back into the input layout.
On the CPU, the 2-d ``col2im`` has a Numba kernel (imported lazily, used when
``kusari.config.use_numba`` is set); the NumPy path loops over the kernel offsets only, each
step vectorized over the batch, channels and output pixels.

3x3, stride-1, undilated 2-d convolutions with enough channels take Winograd's minimal
filtering algorithm F(2x2, 3x3) on the CPU when Numba is enabled (:func:`winograd_forward`,
:func:`winograd_grad_w`): 16 products with 2.25 times fewer multiplications than im2col,
the tile transforms in Numba kernels. Otherwise (and as the reference that the tests compare
it with) the im2col path computes the same function.
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
    if name.startswith('wino_'):
        # serial: on a loaded machine, Numba's threads and BLAS's (which spin between calls)
        # slowed each other down more than the second core sped the transforms up
        fn = {'wino_in': _wino_in, 'wino_out': _wino_out, 'wino_gy': _wino_gy}[name]
        return numba.njit(cache=True)(fn)
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

#: Bytes of transformed tiles (V and M, or V and Z) per block of batch elements: blocks of
#: 2 to 4 MiB, which stay in the cache between the transforms and the products, measured
#: fastest (whole-batch buffers were about 40% slower).
WINOGRAD_BLOCK_BYTES = 1 << 22


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
                a0 = pr[2 * k]
                a1 = pr[2 * k + 1]
                a2 = pr[2 * k + 2]
                a3 = pr[2 * k + 3]
                h0[s + k] = a0 - a2
                h1[s + k] = a1 + a2
                h2[s + k] = a2 - a1
                h3[s + k] = a1 - a3
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
                    r0 = hb[s0 + k]
                    r1 = hb[s0 + tw + k]
                    r2 = hb[s0 + 2 * tw + k]
                    r3 = hb[s0 + 3 * tw + k]
                    v0[o + k] = r0 - r2
                    v1[o + k] = r1 + r2
                    v2[o + k] = r2 - r1
                    v3[o + k] = r1 - r3


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
                s0[j] = m0[j] + m1[j] + m2[j]
                s1[j] = m1[j] - m2[j] - m3[j]
        for a in range(2):
            sa0 = s[a, 0]
            sa1 = s[a, 1]
            sa2 = s[a, 2]
            sa3 = s[a, 3]
            re = r[a, 0]
            ro = r[a, 1]
            for j in range(L):
                re[j] = sa0[j] + sa1[j] + sa2[j]
                ro[j] = sa1[j] - sa2[j] - sa3[j]
        yo = y[n0 + i, o]
        for ti in range(th):
            for a in range(2):
                yy = 2 * ti + a
                if yy < oh:
                    yr = yo[yy]
                    re = r[a, 0, ti * tw:(ti + 1) * tw]
                    ro = r[a, 1, ti * tw:(ti + 1) * tw]
                    for k in range(ow // 2):
                        yr[2 * k] = re[k]
                        yr[2 * k + 1] = ro[k]
                    if ow % 2:
                        yr[ow - 1] = re[tw - 1]


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
                z0[j] = ea[j]
                z1[j] = ea[j] + oa[j]
                z2[j] = ea[j] - oa[j]
                z3[j] = -oa[j]


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
    nb = _wino_blocks(n, 16 * (c + o) * L * x.itemsize)
    vbuf = numpy.empty(16 * c * nb * L, x.dtype)
    mbuf = numpy.empty(16 * o * nb * L, x.dtype)
    k_in = _get_kernel('wino_in')
    k_out = _get_kernel('wino_out')
    for i in range(0, n, nb):
        k = min(nb, n - i)
        v = vbuf[:16 * c * k * L].reshape(16, c, k * L)
        m = mbuf[:16 * o * k * L].reshape(16, o, k * L)
        k_in(x, v, i, k, pad[0], pad[1], th, tw)
        numpy.matmul(u, v.reshape(16, g, c // g, k * L), out=m.reshape(16, g, o // g, k * L))
        k_out(m, y, i, k, th, tw)
    return y


def winograd_grad_w(x, gy, pad, groups):
    """The gradient of :func:`winograd_forward` with respect to ``W``: shape (O, C/G, 3, 3)."""
    n, c = x.shape[:2]
    o, oh, ow = gy.shape[1:]
    g = groups
    th, tw = (oh + 1) // 2, (ow + 1) // 2
    L = th * tw
    nb = _wino_blocks(n, 16 * (c + o) * L * x.itemsize)
    vbuf = numpy.empty(16 * c * nb * L, x.dtype)
    zbuf = numpy.empty(16 * o * nb * L, x.dtype)
    du = numpy.zeros((16, g, o // g, c // g), x.dtype)
    k_in = _get_kernel('wino_in')
    k_gy = _get_kernel('wino_gy')
    for i in range(0, n, nb):
        k = min(nb, n - i)
        v = vbuf[:16 * c * k * L].reshape(16, c, k * L)
        z = zbuf[:16 * o * k * L].reshape(16, o, k * L)
        k_in(x, v, i, k, pad[0], pad[1], th, tw)
        k_gy(gy, z, i, k, th, tw)
        du += numpy.matmul(z.reshape(16, g, o // g, k * L),
                           v.reshape(16, g, c // g, k * L).swapaxes(-1, -2))
    gm = numpy.array(_WINO_G, x.dtype)
    return numpy.einsum('ai,aboc,bj->ocij', gm, du.reshape(4, 4, o, c // g), gm,
                        optimize=True)


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
