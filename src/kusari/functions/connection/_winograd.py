"""Winograd's minimal filtering F(2x2, 3x3) for the CPU 2-d convolutions.

3x3, stride-1, undilated 2-d convolutions with enough channels (:func:`use_winograd`) take
this path when the kernels are on: 16 products with 2.25 times fewer multiplications than
im2col, the tile transforms in kernels (planar ones for large planes, channels-last ones for
planes of at most :data:`WINOGRAD_NHWC_MAX_PIXELS` outputs), the batch split over
:mod:`kusari.utils._threads`. Otherwise (and as the reference that the tests compare it
with) the im2col path of ``convolution_nd`` computes the same function.

Output tile (ti, tj) covers y[2ti:2ti+2, 2tj:2tj+2] and reads the 4x4 input patch at padded
offset (2ti, 2tj). With the tile index t = (n, ti, tj) flattened:
  V[xi, c, t] = (B^T d B)[xi],  U[xi, o, c] = (G w G^T)[xi],  M[xi] = U[xi] @ V[xi],
  y_tile = A^T M A,  and for the weight gradient  Z[xi, o, t] = (A e A^T)[xi] (e: gy tile),
  dU[xi] = Z[xi] @ V[xi]^T,  gW = G^T dU G.
Each planar kernel handles one (image, channel) plane at a time; the innermost loops run
over the whole plane of tiles, unit stride, so that they vectorize.
"""
import numpy

from kusari.backends import cpu_memory
from kusari.utils import _numba, _threads

#: The kernels' index cast: unsigned indices drop the negative-index wraparound, so LLVM
#: sees unit-stride (or constant-stride) accesses and vectorizes the inner loops.
_u64 = numpy.uint64

#: G of F(2x2, 3x3), which the filter-transform kernels apply written out (U = G w G^T).
_WINO_G = ((1.0, 0.0, 0.0), (0.5, 0.5, 0.5), (0.5, -0.5, 0.5), (0.0, 0.0, 1.0))


#: Filters per block of the filter-transform kernels: their 16 rows of U are written (or
#: read) a cache line at a time; one element per row and filter in turn made 16 streams
#: that share a cache set when O * C is a power of two (4096 filters: 140 us against 32).
_FT_BLOCK = 16


@_numba.kernel
def _filter_transform_kernel(w, u):
    # w (K, 3, 3), u (16, K): u[4a + b, k] = (G w[k] G^T)[a, b]
    half = w.dtype.type(0.5)
    K = w.shape[0]
    t = numpy.empty((4, 3), w.dtype)
    blk = numpy.empty((16, _FT_BLOCK), w.dtype)
    for k0 in range(0, K, _FT_BLOCK):
        n = min(_FT_BLOCK, K - k0)
        for kk in range(n):
            k = k0 + kk
            for j in range(3):            # t = G w[k]
                w0 = w[k, 0, j]
                w2 = w[k, 2, j]
                s = (w0 + w2) * half
                h = w[k, 1, j] * half
                t[0, j] = w0
                t[1, j] = s + h
                t[2, j] = s - h
                t[3, j] = w2
            for a in range(4):            # u = t G^T
                t0 = t[a, 0]
                t2 = t[a, 2]
                s = (t0 + t2) * half
                h = t[a, 1] * half
                blk[4 * a, kk] = t0
                blk[4 * a + 1, kk] = s + h
                blk[4 * a + 2, kk] = s - h
                blk[4 * a + 3, kk] = t2
        for r in range(16):
            for kk in range(n):
                u[r, k0 + kk] = blk[r, kk]


@_numba.kernel
def _filter_transform_grad_kernel(du, g):
    # du (16, K), g (K, 3, 3): g[k] = G^T du[:, k].reshape(4, 4) G
    half = du.dtype.type(0.5)
    K = g.shape[0]
    t = numpy.empty((4, 3), du.dtype)
    blk = numpy.empty((16, _FT_BLOCK), du.dtype)
    for k0 in range(0, K, _FT_BLOCK):
        n = min(_FT_BLOCK, K - k0)
        for r in range(16):
            for kk in range(n):
                blk[r, kk] = du[r, k0 + kk]
        for kk in range(n):
            k = k0 + kk
            for a in range(4):            # t = v G (v[a, b] = du[4a + b, k])
                v1 = blk[4 * a + 1, kk]
                v2 = blk[4 * a + 2, kk]
                s = (v1 + v2) * half
                t[a, 0] = blk[4 * a, kk] + s
                t[a, 1] = (v1 - v2) * half
                t[a, 2] = s + blk[4 * a + 3, kk]
            for j in range(3):            # g = G^T t
                s = (t[1, j] + t[2, j]) * half
                g[k, 0, j] = t[0, j] + s
                g[k, 1, j] = (t[1, j] - t[2, j]) * half
                g[k, 2, j] = s + t[3, j]


def _filter_transform(W):
    """``U = G w G^T`` of every filter of ``W`` (O, C, 3, 3): shape (16, O * C), row
    ``4 a + b`` holding ``U[a, b]``. Elementwise, not a product: a product of this size runs
    on BLAS's threads, which then spin beside kusari's for the rest of the step."""
    w = numpy.ascontiguousarray(W).reshape(-1, 3, 3)
    u = numpy.empty((16, w.shape[0]), W.dtype)
    _filter_transform_kernel(w, u)
    return u


def _filter_transform_grad(du, W_shape):
    """The adjoint of :func:`_filter_transform`: ``gW`` of shape ``W_shape`` from ``du``
    (16, O * C, or 16 and axes of that size)."""
    g = numpy.empty((du.size // 16, 3, 3), du.dtype)
    _filter_transform_grad_kernel(numpy.ascontiguousarray(du).reshape(16, -1), g)
    return g.reshape(W_shape)


#: Smallest number of input and of output channels (per group) for the Winograd path; below
#: it the 16 thin products lose to one im2col product (measured on (32, C, 32, 32) inputs:
#: im2col wins slightly at C = 8, Winograd is about 3 times faster at C = 16).
WINOGRAD_MIN_CHANNELS = 16

#: Bytes of transformed tiles (V and M, or V and Z) per block of batch elements (per
#: thread): blocks of about 1 MiB, which stay in a core's L2 cache between the transforms
#: and the products, measured fastest with two threads (4 MiB blocks: the training step
#: of ``benchmarks/train_step.py`` about 10% slower; whole-batch buffers much slower).
WINOGRAD_BLOCK_BYTES = 1 << 20


@_numba.kernel
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


@_numba.kernel
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


@_numba.kernel
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


@_numba.kernel
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


@_numba.kernel
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


@_numba.kernel
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
            and x.shape[1] // groups >= _numba.threshold(WINOGRAD_MIN_CHANNELS)
            and n_out // groups >= _numba.threshold(WINOGRAD_MIN_CHANNELS) and _numba.enabled())


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
    u = _filter_transform(W).reshape(16, g, o // g, c // g)
    y = cpu_memory.empty((n, o, oh, ow), x.dtype)
    k_in = _wino_in
    k_out = _wino_out

    def work(lo, hi):
        nb = _wino_blocks(hi - lo, 16 * (c + o) * L * x.itemsize)
        vbuf = cpu_memory.empty(16 * c * nb * L, x.dtype)
        mbuf = cpu_memory.empty(16 * o * nb * L, x.dtype)
        for i in range(lo, hi, nb):
            k = min(nb, hi - i)
            v = vbuf[:16 * c * k * L].reshape(16, c, k * L)
            m = mbuf[:16 * o * k * L].reshape(16, o, k * L)
            k_in(x, v, i, k, pad[0], pad[1], th, tw)
            numpy.matmul(u, v.reshape(16, g, c // g, k * L),
                         out=m.reshape(16, g, o // g, k * L))
            k_out(m, y, i, k, th, tw)

    _threads.split_conv(n, work, 18 * n * o * (c // g) * oh * ow)
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
    k_in = _wino_in
    k_gy = _wino_gy

    def work(lo, hi):
        nb = _wino_blocks(hi - lo, 16 * (c + o) * L * x.itemsize)
        vbuf = cpu_memory.empty(16 * c * nb * L, x.dtype)
        zbuf = cpu_memory.empty(16 * o * nb * L, x.dtype)
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

    du = sum(_threads.split_conv(n, work, 18 * n * o * (c // g) * oh * ow))
    return _filter_transform_grad(du, (o, c // g, 3, 3))


def _padded_nhwc(x, ph, pw, th, tw):
    """``x`` (N, C, H, W) as a zero-padded channels-last buffer (N, 2 th + 2, 2 tw + 2, C)."""
    n, c, h, w = x.shape
    hp, wp = 2 * th + 2, 2 * tw + 2
    ylo = min(ph, hp)
    yhi = max(min(h + ph, hp), ylo)
    xlo = min(pw, wp)
    xhi = max(min(w + pw, wp), xlo)
    xt = cpu_memory.zeros((n, hp, wp, c), x.dtype)
    xt[:, ylo:yhi, xlo:xhi] = x[:, :, ylo - ph:yhi - ph, xlo - pw:xhi - pw].transpose(0, 2, 3, 1)
    return xt


def _winograd_forward_nhwc(x, W, pad, outsize):
    n, c = x.shape[:2]
    o = W.shape[0]
    oh, ow = outsize
    th, tw = (oh + 1) // 2, (ow + 1) // 2
    L = th * tw
    ut = numpy.ascontiguousarray(_filter_transform(W).reshape(16, o, c).transpose(0, 2, 1))
    y = cpu_memory.empty((n, o, oh, ow), x.dtype)
    k_in = _wino_in_t
    k_out = _wino_out_t

    def work(lo, hi):
        xt = _padded_nhwc(x[lo:hi], pad[0], pad[1], th, tw)
        yt = cpu_memory.empty((hi - lo, 2 * th, 2 * tw, o), x.dtype)
        nb = _wino_blocks(hi - lo, 16 * (c + o) * L * x.itemsize)
        vbuf = cpu_memory.empty(16 * c * nb * L, x.dtype)
        mbuf = cpu_memory.empty(16 * o * nb * L, x.dtype)
        for i in range(0, hi - lo, nb):
            k = min(nb, hi - lo - i)
            v = vbuf[:16 * c * k * L].reshape(16, k * L, c)
            m = mbuf[:16 * o * k * L].reshape(16, k * L, o)
            k_in(xt, v, i, k, th, tw)
            numpy.matmul(v, ut, out=m)
            k_out(m, yt, i, k, th, tw)
        y[lo:hi] = yt[:, :oh, :ow].transpose(0, 3, 1, 2)

    _threads.split_conv(n, work, 18 * n * o * c * oh * ow)
    return y


def _winograd_grad_w_nhwc(x, gy, pad):
    n, c = x.shape[:2]
    o, oh, ow = gy.shape[1:]
    th, tw = (oh + 1) // 2, (ow + 1) // 2
    L = th * tw
    k_in = _wino_in_t
    k_gy = _wino_gy_t

    def work(lo, hi):
        xt = _padded_nhwc(x[lo:hi], pad[0], pad[1], th, tw)
        gt = cpu_memory.zeros((hi - lo, 2 * th, 2 * tw, o), x.dtype)
        gt[:, :oh, :ow] = gy[lo:hi].transpose(0, 2, 3, 1)
        nb = _wino_blocks(hi - lo, 16 * (c + o) * L * x.itemsize)
        vbuf = cpu_memory.empty(16 * c * nb * L, x.dtype)
        zbuf = cpu_memory.empty(16 * o * nb * L, x.dtype)
        du = numpy.zeros((16, o, c), x.dtype)
        for i in range(0, hi - lo, nb):
            k = min(nb, hi - lo - i)
            v = vbuf[:16 * c * k * L].reshape(16, k * L, c)
            z = zbuf[:16 * o * k * L].reshape(16, k * L, o)
            k_in(xt, v, i, k, th, tw)
            k_gy(gt, z, i, k, th, tw)
            du += numpy.matmul(z.swapaxes(1, 2), v)
        return du

    du = sum(_threads.split_conv(n, work, 18 * n * o * c * oh * ow))
    return _filter_transform_grad(du, (o, c, 3, 3))


