"""The math of batch normalization, written once, and its fused CPU kernels.

Three consumers share the per-channel formulas below (plain arithmetic, so they work on
scalars, arrays and Variables alike):

- the kernels (:mod:`kusari.utils._numba`), which make one or two passes over the data per
  block of channels while the block is in cache, and split their channels (the fixed
  forward: its rows) over :mod:`kusari.utils._threads` (the kernels release the GIL);
- the NumPy reference path (``math_*`` with :class:`ArrayOps`), used for CuPy arrays, axes
  whose kept (channel) dimensions are not adjacent, when Numba is missing, when
  ``kusari.config.use_numba`` is False (its default when the environment sets
  ``KUSARI_USE_NUMBA=0``);
- the differentiable path of the Grad nodes in ``batch_normalization.py`` (``math_*`` with
  Variables), which is what makes every order of derivative exact.

Notation: the data is viewed as ``(A, C, B)`` (C channels, the product of the kept axes);
``m`` elements per channel; ``xc = x - mean``; ``s = 1 / sqrt(var + eps)``; sums are over
the reduced axes: ``sg = sum(gy)``, ``sgx = sum(gy * xc)``, ``s1 = sum(ggx)``,
``s2 = sum(ggx * xc)``, ``r = sum(ggx * gy)``.

Numba is imported on the first kernel call, never at ``import kusari``.
"""
import functools

import numpy

from kusari.backends import cpu_memory
from kusari.utils import _numba, _threads

_BLOCK_BYTES = 1 << 19    # channels are processed in blocks of about this many bytes
#: Rows of a 2-d input summed in x's dtype before they join the float64 sums, as the planes of
#: a 3-d input are (float64 sums updated at every element made these loops slower).
_ROWS = 16
_FASTMATH = {'reassoc', 'contract', 'nsz'}   # vectorized reductions; NaN/inf semantics kept


# -- geometry ------------------------------------------------------------------------------

class Geometry:
    """Reduced axes, kept axes and the ``(A, C, B)`` view of an input shape.

    Args:
        shape (tuple of int): The shape of ``x``.
        axis (tuple of int): The reduced axes, non-negative and ascending.
    """

    __slots__ = ('shape', 'axis', 'key_axis', 'cshape', 'm', 'canon', 'expander')

    def __init__(self, shape, axis):
        ndim = len(shape)
        self.shape = shape
        self.axis = axis
        key = tuple([i for i in range(ndim) if i not in axis])
        self.key_axis = key
        self.cshape = tuple([s if i in key else 1 for i, s in enumerate(shape)])
        m = 1
        for i in axis:
            m *= shape[i]
        self.m = m
        self.expander = tuple([slice(None) if i in key else None for i in range(ndim)])
        if not key:
            self.canon = (1, 1, m)
        elif key == tuple(range(key[0], key[-1] + 1)):
            a = c = b = 1
            for i, s in enumerate(shape):
                if i < key[0]:
                    a *= s
                elif i <= key[-1]:
                    c *= s
                else:
                    b *= s
            self.canon = (a, c, b)
        else:
            self.canon = None     # kept axes not adjacent: the NumPy path handles it


@functools.lru_cache(maxsize=256)
def geometry(shape, axis):
    """The :class:`Geometry` of ``shape`` and ``axis`` (made once per pair: about 5 us)."""
    return Geometry(shape, axis)


def compute_dtype(x_dtype, gamma_dtype):
    """The dtype the math runs in: the promoted dtype, at least float32."""
    dt = numpy.promote_types(x_dtype, gamma_dtype)
    if dt.itemsize < 4:
        dt = numpy.dtype(numpy.float32)
    return dt


# -- the per-channel math (scalars, arrays or Variables) -----------------------------------

@_numba.helper
def coef_grad(gamma, s, inv_m, sg, sgx):
    """First order of training BN: ``gx = gy*k1 + xc*k2 + k3``; returns ggamma, k1, k2, k3."""
    ggamma = s * sgx
    k1 = gamma * s
    k2 = -(k1 * s * ggamma * inv_m)
    k3 = -(k1 * sg * inv_m)
    return ggamma, k1, k2, k3


@_numba.helper
def coef_gradgrad(gamma, s, inv_m, sg, sgx, s1, s2, r, gggamma, ggbeta):
    """Second order of training BN (no division by gamma).

    ``gx2 = gy*c_gy + ggx*c_ggx + xc*c_xc + c0`` and ``ggy2 = ggx*d_ggx + xc*c_gy + d0``;
    returns ``ggamma2, c_gy, c_ggx, c_xc, c0, d_ggx, d0``.
    """
    ggamma = s * sgx
    a2 = s * s2
    gs_m = gamma * s * inv_m
    pg = gggamma - gs_m * a2
    t = r - (a2 * ggamma + s1 * sg) * inv_m
    u = gs_m * ggamma
    mg = (sg * pg - s1 * u) * inv_m
    mgx = (sgx * pg - s2 * u) * (s * inv_m)
    c_gy = s * pg
    c_ggx = -(s * u)
    c_xc = -(s * s * (mgx + gamma * s * t * inv_m))
    c0 = -(s * mg)
    d_ggx = gamma * s
    d0 = ggbeta - gs_m * s1
    return s * t, c_gy, c_ggx, c_xc, c0, d_ggx, d0


@_numba.helper
def coef_fixed_grad(gamma, s, sg, sgx):
    """First order of fixed BN: ``gx = gy*k``; returns k, ggamma, gmean, gvar."""
    k = gamma * s
    ggamma = s * sgx
    gmean = -(k * sg)
    gvar = -0.5 * (gamma * s * s * ggamma)
    return k, ggamma, gmean, gvar


@_numba.helper
def coef_fixed_gradgrad(gamma, s, sg, sgx, r, gggamma, ggbeta, ggmean, ggvar):
    """Second order of fixed BN: ``gx2 = gy*p``, ``ggy2 = ggx*k + xc*p + q``.

    Returns ``k, p, q, gmean2, ggamma2, gvar2``.
    """
    s2 = s * s
    s3 = s2 * s
    k = gamma * s
    p = gggamma * s - 0.5 * (ggvar * gamma * s3)
    q = ggbeta - ggmean * k
    gmean2 = -(p * sg)
    ggamma2 = s * r - 0.5 * (ggvar * s3 * sgx) - ggmean * s * sg
    gvar2 = -0.5 * (s3 * (gamma * r + (gggamma - 1.5 * (ggvar * gamma * s2)) * sgx
                          - ggmean * gamma * sg))
    return k, p, q, gmean2, ggamma2, gvar2


# -- the same math on whole arrays or Variables (``ops.sum`` reduces with keepdims) --------

class ArrayOps:
    """Reductions over ``axis`` with keepdims, on NumPy or CuPy arrays."""

    def __init__(self, axis):
        self.axis = axis

    def sum(self, a):
        return a.sum(axis=self.axis, keepdims=True)


def math_stats(ops, x, inv_m, eps):
    """Batch mean, centred input, biased variance and ``s = (var + eps) ** -0.5``."""
    mu = ops.sum(x) * inv_m
    xc = x - mu
    var = ops.sum(xc * xc) * inv_m
    return mu, xc, var, (var + eps) ** -0.5


def math_grad(ops, xc, gy, s, gamma, inv_m):
    """``gx, ggamma, gbeta`` of training BN (channel values in keepdims shape)."""
    sg = ops.sum(gy)
    sgx = ops.sum(gy * xc)
    ggamma, k1, k2, k3 = coef_grad(gamma, s, inv_m, sg, sgx)
    return gy * k1 + xc * k2 + k3, ggamma, sg


def math_gradgrad(ops, xc, gy, ggx, s, gamma, gggamma, ggbeta, inv_m, need_gx2, need_ggy2):
    """``gx2, ggamma2, ggy2`` of training BN; ``None`` upstream gradients are zero."""
    sg = ops.sum(gy)
    sgx = ops.sum(gy * xc)
    if ggx is None:
        s1 = s2 = r = 0.0
    else:
        s1 = ops.sum(ggx)
        s2 = ops.sum(ggx * xc)
        r = ops.sum(ggx * gy)
    ggamma2, c_gy, c_ggx, c_xc, c0, d_ggx, d0 = coef_gradgrad(
        gamma, s, inv_m, sg, sgx, s1, s2, r,
        0.0 if gggamma is None else gggamma, 0.0 if ggbeta is None else ggbeta)
    gx2 = ggy2 = None
    if need_gx2:
        gx2 = gy * c_gy + xc * c_xc + c0
        if ggx is not None:
            gx2 = gx2 + ggx * c_ggx
    if need_ggy2:
        ggy2 = xc * c_gy + d0
        if ggx is not None:
            ggy2 = ggy2 + ggx * d_ggx
    return gx2, ggamma2, ggy2


def math_fixed_grad(ops, xc, gy, s, gamma):
    """``gx, ggamma, gbeta, gmean, gvar`` of fixed BN."""
    sg = ops.sum(gy)
    sgx = ops.sum(gy * xc)
    k, ggamma, gmean, gvar = coef_fixed_grad(gamma, s, sg, sgx)
    return gy * k, ggamma, sg, gmean, gvar


def math_fixed_gradgrad(ops, xc, gy, ggx, s, gamma, gggamma, ggbeta, ggmean, ggvar,
                        need_gx2, need_ggy2):
    """``gx2, ggamma2, gmean2, gvar2, ggy2`` of fixed BN; ``None`` upstream is zero.

    ``gx2`` and ``gmean2`` are ``None`` (structurally zero) when neither ``gggamma`` nor
    ``ggvar`` is given.
    """
    p_zero = gggamma is None and ggvar is None
    sg = ops.sum(gy)
    sgx = ops.sum(gy * xc)
    r = 0.0 if ggx is None else ops.sum(ggx * gy)
    z = 0.0
    k, p, q, gmean2, ggamma2, gvar2 = coef_fixed_gradgrad(
        gamma, s, sg, sgx, r, z if gggamma is None else gggamma,
        z if ggbeta is None else ggbeta, z if ggmean is None else ggmean,
        z if ggvar is None else ggvar)
    gx2 = ggy2 = None
    if p_zero:
        gmean2 = None
    elif need_gx2:
        gx2 = gy * p
    if need_ggy2:
        ggy2 = q if p_zero else xc * p + q
        if ggx is not None:
            ggy2 = ggy2 + ggx * k
    return gx2, ggamma2, gmean2, gvar2, ggy2


# -- kernels (``kusari.utils._numba``: compiled on first use) --------------------------------
# ``x`` is (A, C, B) C-contiguous with B > 1 (the ``_k3`` kernels) or (A, C) (``_k2``);
# channel arrays are float64 (C,); ``zero`` is 0 of x's dtype (row sums accumulate in it,
# channel sums in float64); ``cb`` is the number of channels per block. Each kernel does the
# channels ``c_lo .. c_hi - 1`` (the fixed forward: the rows or (row, channel) planes
# ``p0 .. p1 - 1``), so that ``_run`` can split the work over ``kusari.utils._threads``.

@_numba.helper
def _fixed_coefs(gamma, beta, mean, var, eps, dtype):
    # per channel, in float64: y = (x - mean) * k + beta with k = gamma / sqrt(var + eps)
    C = gamma.shape[0]
    mu = numpy.empty(C, dtype)
    k = numpy.empty(C, dtype)
    bt = numpy.empty(C, dtype)
    for c in range(C):
        mu[c] = mean[c]
        k[c] = gamma[c] * (float(var[c]) + eps) ** -0.5
        bt[c] = beta[c]
    return mu, k, bt


@_numba.kernel(fastmath=_FASTMATH)
def _k3_fixed_fwd(x, gamma, beta, mean, var, eps, y, p0, p1):
    # (channel arrays of gamma's dtype here: the coefficients are made in the kernel);
    # planes p = a * C + c
    A, C, B = x.shape
    mu, k, bt = _fixed_coefs(gamma, beta, mean, var, eps, x.dtype)
    a = p0 // C
    c = p0 % C
    for _ in range(p0, p1):   # (a, c) advanced by hand: no division per plane
        mc = mu[c]
        kc = k[c]
        bc = bt[c]
        xr = x[a, c]
        yr = y[a, c]
        for b in range(B):
            yr[b] = (xr[b] - mc) * kc + bc
        c += 1
        if c == C:
            c = 0
            a += 1


@_numba.kernel(fastmath=_FASTMATH)
def _k2_fixed_fwd(x, gamma, beta, mean, var, eps, y, p0, p1):
    # rows p0 .. p1 - 1
    A, C = x.shape
    mu, k, bt = _fixed_coefs(gamma, beta, mean, var, eps, x.dtype)
    for a in range(p0, p1):
        xr = x[a]
        yr = y[a]
        for c in range(C):
            yr[c] = (xr[c] - mu[c]) * k[c] + bt[c]


@_numba.kernel(fastmath=_FASTMATH)
def _k3_batch_stats(x, zero, ab, a_lo, a_hi):
    # batch elements a_lo .. a_hi - 1 (a thread's share of the batch, as the convolutions
    # and relu split theirs), ab at a time (read twice while in the cache): per channel, the
    # mean and the sum of squared deviations from it, in float64; the chunks are merged as
    # in _merge_stats
    A, C, B = x.shape
    out = numpy.zeros((2, C))
    mean = numpy.empty(C)
    m2 = numpy.empty(C)
    mu = numpy.empty(C, x.dtype)
    n = 0
    for a0 in range(a_lo, a_hi, ab):
        a1 = min(a0 + ab, a_hi)
        m = (a1 - a0) * B
        mean[:] = 0.0
        for a in range(a0, a1):
            for c in range(C):
                r = zero
                for b in range(B):
                    r += x[a, c, b]
                mean[c] += r
        for c in range(C):
            mean[c] /= m
            mu[c] = mean[c]
        m2[:] = 0.0
        for a in range(a0, a1):
            for c in range(C):
                mc = mu[c]
                r = zero
                for b in range(B):
                    d = x[a, c, b] - mc
                    r += d * d
                m2[c] += r
        t = n + m
        for c in range(C):
            d = mean[c] - out[0, c]
            out[0, c] += d * (m / t)
            out[1, c] += m2[c] + d * d * (n * m / t)
        n = t
    return out


@_numba.kernel
def _merge_stats(a, na, b, nb):
    # a (the means and sums of squared deviations of na elements per channel) becomes that
    # of its elements and b's nb (the pairwise update of Chan, Golub and LeVeque)
    n = na + nb
    for c in range(a.shape[1]):
        d = b[0, c] - a[0, c]
        a[0, c] += d * (nb / n)
        a[1, c] += b[1, c] + d * d * (na * nb / n)


@_numba.kernel(fastmath=_FASTMATH)
def _k3_train_fwd(x, gamma, beta, eps, zero, cb, mean, var, y, c_lo, c_hi):
    A, C, B = x.shape
    inv_m = 1.0 / (A * B)
    acc = numpy.empty(cb)
    mu_t = numpy.empty(cb, x.dtype)
    k_t = numpy.empty(cb, x.dtype)
    b_t = numpy.empty(cb, x.dtype)
    for c0 in range(c_lo, c_hi, cb):
        n = min(c_hi - c0, cb)
        acc[:] = 0.0
        for a in range(A):
            for j in range(n):
                r = zero
                for b in range(B):
                    r += x[a, c0 + j, b]
                acc[j] += r
        for j in range(n):
            mean[c0 + j] = acc[j] * inv_m
            mu_t[j] = mean[c0 + j]
        acc[:] = 0.0
        for a in range(A):
            for j in range(n):
                mc = mu_t[j]
                r = zero
                for b in range(B):
                    d = x[a, c0 + j, b] - mc
                    r += d * d
                acc[j] += r
        for j in range(n):
            v = acc[j] * inv_m
            var[c0 + j] = v
            k_t[j] = gamma[c0 + j] * (v + eps) ** -0.5
            b_t[j] = beta[c0 + j]
        for a in range(A):
            for j in range(n):
                mc = mu_t[j]
                kc = k_t[j]
                bc = b_t[j]
                for b in range(B):
                    y[a, c0 + j, b] = (x[a, c0 + j, b] - mc) * kc + bc


@_numba.kernel(fastmath=_FASTMATH)
def _k2_train_fwd(x, gamma, beta, eps, zero, cb, mean, var, y, c_lo, c_hi):
    # rows are sliced per block so that the inner index provably starts at 0 (vectorized)
    A, C = x.shape
    inv_m = 1.0 / A
    acc = numpy.empty(cb)
    part = numpy.empty(cb, x.dtype)
    mu_t = numpy.empty(cb, x.dtype)
    k_t = numpy.empty(cb, x.dtype)
    b_t = numpy.empty(cb, x.dtype)
    for c0 in range(c_lo, c_hi, cb):
        n = min(c_hi - c0, cb)
        c1 = c0 + n
        acc[:] = 0.0
        for a0 in range(0, A, _ROWS):
            part[:n] = zero
            for a in range(a0, min(a0 + _ROWS, A)):
                xr = x[a, c0:c1]
                for j in range(n):
                    part[j] += xr[j]
            for j in range(n):
                acc[j] += part[j]
        for j in range(n):
            mean[c0 + j] = acc[j] * inv_m
            mu_t[j] = mean[c0 + j]
        acc[:] = 0.0
        for a0 in range(0, A, _ROWS):
            part[:n] = zero
            for a in range(a0, min(a0 + _ROWS, A)):
                xr = x[a, c0:c1]
                for j in range(n):
                    d = xr[j] - mu_t[j]
                    part[j] += d * d
            for j in range(n):
                acc[j] += part[j]
        for j in range(n):
            v = acc[j] * inv_m
            var[c0 + j] = v
            k_t[j] = gamma[c0 + j] * (v + eps) ** -0.5
            b_t[j] = beta[c0 + j]
        for a in range(A):
            xr = x[a, c0:c1]
            yr = y[a, c0:c1]
            for j in range(n):
                yr[j] = (xr[j] - mu_t[j]) * k_t[j] + b_t[j]


@_numba.kernel(fastmath=_FASTMATH)
def _k3_grad(x, gy, mu, s, gamma, zero, cb, ggamma, gbeta, gx, c_lo, c_hi):
    A, C, B = x.shape
    inv_m = 1.0 / (A * B)
    acc1 = numpy.empty(cb)
    acc2 = numpy.empty(cb)
    k1_t = numpy.empty(cb, x.dtype)
    k2_t = numpy.empty(cb, x.dtype)
    k3_t = numpy.empty(cb, x.dtype)
    for c0 in range(c_lo, c_hi, cb):
        n = min(c_hi - c0, cb)
        acc1[:] = 0.0
        acc2[:] = 0.0
        for a in range(A):
            for j in range(n):
                mc = mu[c0 + j]
                r1 = zero
                r2 = zero
                for b in range(B):
                    g = gy[a, c0 + j, b]
                    r1 += g
                    r2 += g * (x[a, c0 + j, b] - mc)
                acc1[j] += r1
                acc2[j] += r2
        for j in range(n):
            c = c0 + j
            gg, k1, k2, k3 = coef_grad(gamma[c], s[c], inv_m, acc1[j], acc2[j])
            ggamma[c] = gg
            gbeta[c] = acc1[j]
            k1_t[j] = k1
            k2_t[j] = k2
            k3_t[j] = k3
        for a in range(A):
            for j in range(n):
                mc = mu[c0 + j]
                k1 = k1_t[j]
                k2 = k2_t[j]
                k3 = k3_t[j]
                for b in range(B):
                    gx[a, c0 + j, b] = gy[a, c0 + j, b] * k1 + (x[a, c0 + j, b] - mc) * k2 + k3


@_numba.kernel(fastmath=_FASTMATH)
def _k3_batch_grad_sums(x, gy, mu, zero, a_lo, a_hi):
    # batch elements a_lo .. a_hi - 1: per channel, the sums of gy and gy * (x - mean)
    A, C, B = x.shape
    acc = numpy.zeros((2, C))
    for a in range(a_lo, a_hi):
        for c in range(C):
            mc = mu[c]
            r1 = zero
            r2 = zero
            for b in range(B):
                g = gy[a, c, b]
                r1 += g
                r2 += g * (x[a, c, b] - mc)
            acc[0, c] += r1
            acc[1, c] += r2
    return acc


@_numba.kernel(fastmath=_FASTMATH)
def _k3_batch_grad(x, gy, mu, s, gamma, acc, inv_m, ggamma, gbeta, gx, p0, p1):
    # gx of planes p0 .. p1 - 1 (p = a * C + c) from the sums over the whole batch (acc[0]:
    # of gy, acc[1]: of gy * (x - mean)); the share from plane 0 writes ggamma and gbeta
    A, C, B = x.shape
    k1_t = numpy.empty(C, x.dtype)
    k2_t = numpy.empty(C, x.dtype)
    k3_t = numpy.empty(C, x.dtype)
    for c in range(C):
        gg, k1, k2, k3 = coef_grad(gamma[c], s[c], inv_m, acc[0, c], acc[1, c])
        k1_t[c] = k1
        k2_t[c] = k2
        k3_t[c] = k3
        if p0 == 0:
            ggamma[c] = gg
            gbeta[c] = acc[0, c]
    a = p0 // C
    c = p0 % C
    for _ in range(p0, p1):
        mc = mu[c]
        k1 = k1_t[c]
        k2 = k2_t[c]
        k3 = k3_t[c]
        xr = x[a, c]
        gr = gy[a, c]
        out = gx[a, c]
        for b in range(B):
            out[b] = gr[b] * k1 + (xr[b] - mc) * k2 + k3
        c += 1
        if c == C:
            c = 0
            a += 1


@_numba.kernel(fastmath=_FASTMATH)
def _k2_grad(x, gy, mu, s, gamma, zero, cb, ggamma, gbeta, gx, c_lo, c_hi):
    A, C = x.shape
    inv_m = 1.0 / A
    acc1 = numpy.empty(cb)
    acc2 = numpy.empty(cb)
    p1 = numpy.empty(cb, x.dtype)
    p2 = numpy.empty(cb, x.dtype)
    k1_t = numpy.empty(cb, x.dtype)
    k2_t = numpy.empty(cb, x.dtype)
    k3_t = numpy.empty(cb, x.dtype)
    for c0 in range(c_lo, c_hi, cb):
        n = min(c_hi - c0, cb)
        c1 = c0 + n
        mb = mu[c0:c1]
        acc1[:] = 0.0
        acc2[:] = 0.0
        for a0 in range(0, A, _ROWS):
            p1[:n] = zero
            p2[:n] = zero
            for a in range(a0, min(a0 + _ROWS, A)):
                xr = x[a, c0:c1]
                gr = gy[a, c0:c1]
                for j in range(n):
                    g = gr[j]
                    p1[j] += g
                    p2[j] += g * (xr[j] - mb[j])
            for j in range(n):
                acc1[j] += p1[j]
                acc2[j] += p2[j]
        for j in range(n):
            c = c0 + j
            gg, k1, k2, k3 = coef_grad(gamma[c], s[c], inv_m, acc1[j], acc2[j])
            ggamma[c] = gg
            gbeta[c] = acc1[j]
            k1_t[j] = k1
            k2_t[j] = k2
            k3_t[j] = k3
        for a in range(A):
            xr = x[a, c0:c1]
            gr = gy[a, c0:c1]
            out = gx[a, c0:c1]
            for j in range(n):
                out[j] = gr[j] * k1_t[j] + (xr[j] - mb[j]) * k2_t[j] + k3_t[j]


@_numba.kernel(fastmath=_FASTMATH)
def _k3_fixed_grad(x, gy, mu, s, gamma, zero, ggamma, gbeta, gmean, gvar, gx, c_lo, c_hi):
    A, C, B = x.shape
    acc1 = numpy.zeros(C)
    acc2 = numpy.zeros(C)
    k_t = numpy.empty(C, x.dtype)
    for c in range(c_lo, c_hi):
        k_t[c] = gamma[c] * s[c]
    for a in range(A):
        for c in range(c_lo, c_hi):
            mc = mu[c]
            kc = k_t[c]
            r1 = zero
            r2 = zero
            for b in range(B):
                g = gy[a, c, b]
                gx[a, c, b] = g * kc
                r1 += g
                r2 += g * (x[a, c, b] - mc)
            acc1[c] += r1
            acc2[c] += r2
    for c in range(c_lo, c_hi):
        _, gg, gm, gv = coef_fixed_grad(gamma[c], s[c], acc1[c], acc2[c])
        ggamma[c] = gg
        gbeta[c] = acc1[c]
        gmean[c] = gm
        gvar[c] = gv


@_numba.kernel(fastmath=_FASTMATH)
def _k2_fixed_grad(x, gy, mu, s, gamma, zero, gx, r_lo, r_hi):
    # rows r_lo .. r_hi - 1 (a thread's rows stay contiguous): gx = gy * k, and this share's
    # sums of gy and gy * (x - mean), returned for fixed_grad_finish
    A, C = x.shape
    acc = numpy.zeros((2, C))
    acc1 = acc[0]
    acc2 = acc[1]
    p1 = numpy.empty(C, x.dtype)
    p2 = numpy.empty(C, x.dtype)
    k_t = numpy.empty(C, x.dtype)
    for j in range(C):
        k_t[j] = gamma[j] * s[j]
    for a0 in range(r_lo, r_hi, _ROWS):
        p1[:] = zero
        p2[:] = zero
        for a in range(a0, min(a0 + _ROWS, r_hi)):
            xr = x[a]
            gr = gy[a]
            out = gx[a]
            for j in range(C):
                g = gr[j]
                out[j] = g * k_t[j]
                p1[j] += g
                p2[j] += g * (xr[j] - mu[j])
        for j in range(C):
            acc1[j] += p1[j]
            acc2[j] += p2[j]
    return acc


@_numba.kernel
def _fixed_grad_finish(gamma, s, acc, ggamma, gbeta, gmean, gvar):
    # the per-channel outputs from the sums (acc[0]: of gy, acc[1]: of gy * (x - mean))
    for c in range(gamma.shape[0]):
        _, gg, gm, gv = coef_fixed_grad(gamma[c], s[c], acc[0, c], acc[1, c])
        ggamma[c] = gg
        gbeta[c] = acc[0, c]
        gmean[c] = gm
        gvar[c] = gv


@_numba.kernel(fastmath=_FASTMATH)
def _k3_gradgrad(x, gy, ggx, has_ggx, mu, s, gamma, gggamma, ggbeta, zero, cb,
                 need_gx2, need_ggy2, ggamma2, gx2, ggy2, c_lo, c_hi):
    A, C, B = x.shape
    inv_m = 1.0 / (A * B)
    acc = numpy.empty((5, cb))
    co = numpy.empty((6, cb), x.dtype)
    for c0 in range(c_lo, c_hi, cb):
        n = min(c_hi - c0, cb)
        acc[:, :] = 0.0
        for a in range(A):
            for j in range(n):
                mc = mu[c0 + j]
                r0 = zero
                r1 = zero
                r2 = zero
                r3 = zero
                r4 = zero
                for b in range(B):
                    g = gy[a, c0 + j, b]
                    h = ggx[a, c0 + j, b]
                    xc = x[a, c0 + j, b] - mc
                    r0 += g
                    r1 += g * xc
                    r2 += h
                    r3 += h * xc
                    r4 += h * g
                acc[0, j] += r0
                acc[1, j] += r1
                acc[2, j] += r2
                acc[3, j] += r3
                acc[4, j] += r4
        for j in range(n):
            c = c0 + j
            if not has_ggx:
                acc[2, j] = 0.0
                acc[3, j] = 0.0
                acc[4, j] = 0.0
            gg2, c_gy, c_ggx, c_xc, c_0, d_ggx, d_0 = coef_gradgrad(
                gamma[c], s[c], inv_m, acc[0, j], acc[1, j], acc[2, j], acc[3, j], acc[4, j],
                gggamma[c], ggbeta[c])
            ggamma2[c] = gg2
            if not has_ggx:
                c_ggx = 0.0
                d_ggx = 0.0
            co[0, j] = c_gy
            co[1, j] = c_ggx
            co[2, j] = c_xc
            co[3, j] = c_0
            co[4, j] = d_ggx
            co[5, j] = d_0
        if need_gx2:
            for a in range(A):
                for j in range(n):
                    mc = mu[c0 + j]
                    k0 = co[0, j]
                    k1 = co[1, j]
                    k2 = co[2, j]
                    k3 = co[3, j]
                    for b in range(B):
                        gx2[a, c0 + j, b] = (gy[a, c0 + j, b] * k0 + ggx[a, c0 + j, b] * k1
                                             + (x[a, c0 + j, b] - mc) * k2 + k3)
        if need_ggy2:
            for a in range(A):
                for j in range(n):
                    mc = mu[c0 + j]
                    k0 = co[0, j]
                    k4 = co[4, j]
                    k5 = co[5, j]
                    for b in range(B):
                        ggy2[a, c0 + j, b] = (ggx[a, c0 + j, b] * k4
                                              + (x[a, c0 + j, b] - mc) * k0 + k5)


@_numba.kernel(fastmath=_FASTMATH)
def _k2_gradgrad(x, gy, ggx, has_ggx, mu, s, gamma, gggamma, ggbeta, zero, cb,
                 need_gx2, need_ggy2, ggamma2, gx2, ggy2, c_lo, c_hi):
    A, C = x.shape
    inv_m = 1.0 / A
    acc = numpy.empty((5, cb))
    co = numpy.empty((6, cb), x.dtype)
    part = numpy.empty((5, cb), x.dtype)
    q0 = part[0]
    q1 = part[1]
    q2 = part[2]
    q3 = part[3]
    q4 = part[4]
    for c0 in range(c_lo, c_hi, cb):
        n = min(c_hi - c0, cb)
        c1 = c0 + n
        mb = mu[c0:c1]
        acc[:, :] = 0.0
        a0 = acc[0]
        a1 = acc[1]
        a2 = acc[2]
        a3 = acc[3]
        a4 = acc[4]
        for r0 in range(0, A, _ROWS):
            part[:, :n] = zero
            for a in range(r0, min(r0 + _ROWS, A)):
                xr = x[a, c0:c1]
                gr = gy[a, c0:c1]
                hr = ggx[a, c0:c1]
                for j in range(n):
                    g = gr[j]
                    h = hr[j]
                    xc = xr[j] - mb[j]
                    q0[j] += g
                    q1[j] += g * xc
                    q2[j] += h
                    q3[j] += h * xc
                    q4[j] += h * g
            for j in range(n):
                a0[j] += q0[j]
                a1[j] += q1[j]
                a2[j] += q2[j]
                a3[j] += q3[j]
                a4[j] += q4[j]
        for j in range(n):
            c = c0 + j
            if not has_ggx:
                a2[j] = 0.0
                a3[j] = 0.0
                a4[j] = 0.0
            gg2, c_gy, c_ggx, c_xc, c_0, d_ggx, d_0 = coef_gradgrad(
                gamma[c], s[c], inv_m, a0[j], a1[j], a2[j], a3[j], a4[j], gggamma[c],
                ggbeta[c])
            ggamma2[c] = gg2
            if not has_ggx:
                c_ggx = 0.0
                d_ggx = 0.0
            co[0, j] = c_gy
            co[1, j] = c_ggx
            co[2, j] = c_xc
            co[3, j] = c_0
            co[4, j] = d_ggx
            co[5, j] = d_0
        k0 = co[0]
        k1 = co[1]
        k2 = co[2]
        k3 = co[3]
        k4 = co[4]
        k5 = co[5]
        if need_gx2:
            for a in range(A):
                xr = x[a, c0:c1]
                gr = gy[a, c0:c1]
                hr = ggx[a, c0:c1]
                out = gx2[a, c0:c1]
                for j in range(n):
                    out[j] = gr[j] * k0[j] + hr[j] * k1[j] + (xr[j] - mb[j]) * k2[j] + k3[j]
        if need_ggy2:
            for a in range(A):
                xr = x[a, c0:c1]
                hr = ggx[a, c0:c1]
                out = ggy2[a, c0:c1]
                for j in range(n):
                    out[j] = hr[j] * k4[j] + (xr[j] - mb[j]) * k0[j] + k5[j]


@_numba.kernel(fastmath=_FASTMATH)
def _k3_fixed_gradgrad(x, gy, ggx, has_ggx, mu, s, gamma, gggamma, ggbeta, ggmean, ggvar,
                       zero, need_gx2, need_ggy2, gmean2, ggamma2, gvar2, gx2, ggy2, c_lo,
                       c_hi):
    A, C, B = x.shape
    acc = numpy.zeros((3, C))
    co = numpy.empty((3, C), x.dtype)
    for c in range(c_lo, c_hi):
        k, p, q, _, _, _ = coef_fixed_gradgrad(
            gamma[c], s[c], 0.0, 0.0, 0.0, gggamma[c], ggbeta[c], ggmean[c], ggvar[c])
        co[0, c] = k if has_ggx else 0.0
        co[1, c] = p
        co[2, c] = q
    for a in range(A):
        for c in range(c_lo, c_hi):
            mc = mu[c]
            k = co[0, c]
            p = co[1, c]
            q = co[2, c]
            r0 = zero
            r1 = zero
            r2 = zero
            for b in range(B):
                g = gy[a, c, b]
                h = ggx[a, c, b]
                xc = x[a, c, b] - mc
                r0 += g
                r1 += g * xc
                r2 += h * g
            acc[0, c] += r0
            acc[1, c] += r1
            acc[2, c] += r2
            if need_gx2:
                for b in range(B):
                    gx2[a, c, b] = gy[a, c, b] * p
            if need_ggy2:
                for b in range(B):
                    ggy2[a, c, b] = ggx[a, c, b] * k + (x[a, c, b] - mc) * p + q
    for c in range(c_lo, c_hi):
        r = acc[2, c] if has_ggx else 0.0
        _, _, _, gm2, gg2, gv2 = coef_fixed_gradgrad(
            gamma[c], s[c], acc[0, c], acc[1, c], r, gggamma[c], ggbeta[c], ggmean[c],
            ggvar[c])
        gmean2[c] = gm2
        ggamma2[c] = gg2
        gvar2[c] = gv2


@_numba.kernel(fastmath=_FASTMATH)
def _k2_fixed_gradgrad(x, gy, ggx, has_ggx, mu, s, gamma, gggamma, ggbeta, ggmean, ggvar,
                       zero, need_gx2, need_ggy2, gx2, ggy2, r_lo, r_hi):
    # rows r_lo .. r_hi - 1: gx2 and ggy2 (their per-channel coefficients do not depend on
    # the sums), and this share's sums of gy, gy * (x - mean), ggx * gy, returned for
    # fixed_gradgrad_finish
    A, C = x.shape
    acc = numpy.zeros((3, C))
    a0 = acc[0]
    a1 = acc[1]
    a2 = acc[2]
    co = numpy.empty((3, C), x.dtype)
    for c in range(C):
        k, p, q, _, _, _ = coef_fixed_gradgrad(
            gamma[c], s[c], 0.0, 0.0, 0.0, gggamma[c], ggbeta[c], ggmean[c], ggvar[c])
        co[0, c] = k if has_ggx else 0.0
        co[1, c] = p
        co[2, c] = q
    k0 = co[0]
    k1 = co[1]
    k2 = co[2]
    part = numpy.empty((3, C), x.dtype)
    q0 = part[0]
    q1 = part[1]
    q2 = part[2]
    for b0 in range(r_lo, r_hi, _ROWS):
        part[:, :] = zero
        for a in range(b0, min(b0 + _ROWS, r_hi)):
            xr = x[a]
            gr = gy[a]
            hr = ggx[a]
            for j in range(C):
                g = gr[j]
                q0[j] += g
                q1[j] += g * (xr[j] - mu[j])
                q2[j] += hr[j] * g
            if need_gx2:
                out = gx2[a]
                for j in range(C):
                    out[j] = gr[j] * k1[j]
            if need_ggy2:
                out = ggy2[a]
                for j in range(C):
                    out[j] = hr[j] * k0[j] + (xr[j] - mu[j]) * k1[j] + k2[j]
        for j in range(C):
            a0[j] += q0[j]
            a1[j] += q1[j]
            a2[j] += q2[j]
    return acc


@_numba.kernel
def _fixed_gradgrad_finish(gamma, s, acc, has_ggx, gggamma, ggbeta, ggmean, ggvar, gmean2,
                           ggamma2, gvar2):
    for c in range(gamma.shape[0]):
        r = acc[2, c] if has_ggx else 0.0
        _, _, _, gm2, gg2, gv2 = coef_fixed_gradgrad(
            gamma[c], s[c], acc[0, c], acc[1, c], r, gggamma[c], ggbeta[c], ggmean[c],
            ggvar[c])
        gmean2[c] = gm2
        ggamma2[c] = gg2
        gvar2[c] = gv2


def numba_enabled():
    """Whether the kernels are used (config ``use_numba`` and Numba importable)."""
    return _numba.enabled()


# -- dispatch: each entry point takes arrays in their own shapes ---------------------------

def _use_kernels(xp, geom):
    return xp is numpy and geom.canon is not None and numba_enabled()


def _view(a, geom, dtype):
    """``a`` as a C-contiguous (A, C, B) or (A, C) array of ``dtype``."""
    A, C, B = geom.canon
    a = numpy.ascontiguousarray(a, dtype=dtype)
    return a.reshape((A, C, B) if B > 1 else (A, C))


def _chan(a):
    return numpy.ascontiguousarray(a, dtype=numpy.float64).reshape(-1)


def _chan_any(a):
    """``a`` flat and C-contiguous in its own dtype (float16 widened to float32)."""
    if a.dtype == numpy.float16:
        return a.astype(numpy.float32).reshape(-1)
    if a.ndim == 1 and a.flags.c_contiguous:
        return a
    return numpy.ascontiguousarray(a).reshape(-1)


def _chan_or_zeros(a, n):
    return numpy.zeros(n) if a is None else _chan(a)


def _block(geom, itemsize):
    A, C, B = geom.canon
    return max(1, min(C, _BLOCK_BYTES // max(1, A * B * itemsize)))


#: Elements from which the kernels split their channels (rows, planes) over threads (a split
#: costs about 10 us on the 2-core benchmark VM): at 2**18 elements two threads win on every
#: benchmark row ((256, 1024) training forward + backward 0.288 -> 0.243 ms); at 2**17,
#: (16, 32, 16, 16), they lose on the double backward (0.282 -> 0.332 ms).
_SPLIT_MIN = 1 << 18


def _run(kernel, args, geom, items=None):
    """``kernel(*args, lo, hi)`` over ``items`` (default: the channels) split over
    :mod:`kusari.utils._threads` (the kernels release the GIL) from :data:`_SPLIT_MIN`
    elements on."""
    A, C, B = geom.canon
    n = C if items is None else items
    _threads.split(n, lambda lo, hi: kernel(*args, lo, hi), _SPLIT_MIN, A * C * B,
                   uses_blas=False)


#: Elements from which training BN splits a 3-d input's batch over the threads, not its
#: channels (see :func:`_batch_split`). The benchmarks' rows on the 2-core VM, batch against
#: channel split (in-process A/B, float32, forward + backward): (128, 256, 8, 8) 1.03 against
#: 1.72 ms, (32, 64, 32, 32) 0.72 against 0.76 ms, but (16, 16, 32, 32) 0.174 against
#: 0.138 ms (two splits instead of one); the ResNet step of ``benchmarks/train_step.py``
#: 328-330 against 341-380 ms at batch 256, unchanged at 16 and 64.
_BATCH_SPLIT_MIN = 1 << 20


def _batch_split(geom):
    """Whether training BN splits a 3-d input's batch over the threads: per-share channel
    statistics (or gradient sums), merged, then a pass over the planes, each thread in its
    own contiguous part of the batch, as the convolutions and relu split theirs. Else one
    kernel splits the channels (each thread reads a slice of every batch element; it keeps
    a block of channels in the cache over its passes)."""
    A, C, B = geom.canon
    return B > 1 and A > 1 and _threads.shares(A, _BATCH_SPLIT_MIN, A * C * B) > 1


def _batch_stats(x3, geom, cdtype):
    """Per channel (float64): the mean and the sum of squared deviations of ``x3`` (A, C,
    B), over batch shares on the threads, merged."""
    A, C, B = geom.canon
    ab = max(1, _BLOCK_BYTES // max(1, C * B * cdtype.itemsize))
    zero = cdtype.type(0)
    parts = _threads.split(A, lambda lo, hi: (hi - lo, _k3_batch_stats(x3, zero, ab, lo, hi)),
                           size=A * C * B, uses_blas=False)
    n, stats = parts[0]
    for nb, b in parts[1:]:
        _merge_stats(stats, n * B, b, nb * B)
        n += nb
    return stats


def _row_sums(kernel, args, geom):
    """The per-channel sums that ``kernel(*args, lo, hi)`` returns for rows ``lo .. hi - 1``
    of a 2-d input, added over the rows split over :mod:`kusari.utils._threads` (each
    thread's rows are contiguous memory; splitting the channels gave each thread half of
    every row, and two threads were slower than one at (256, 1024))."""
    A, C, _ = geom.canon
    parts = _threads.split(A, lambda lo, hi: kernel(*args, lo, hi), _SPLIT_MIN, A * C,
                           uses_blas=False)
    acc = parts[0]
    for p in parts[1:]:
        acc += p
    return acc


def _k(name, geom):
    return _KERNELS[('_k3_' if geom.canon[2] > 1 else '_k2_') + name]


def fixed_forward(x, gamma, beta, mean, var, eps, geom, cdtype, xp):
    """``y = (x - mean) * gamma / sqrt(var + eps) + beta`` in x's dtype."""
    if _use_kernels(xp, geom):
        x3 = _view(x, geom, cdtype)
        y = cpu_memory.empty(x3.shape, cdtype)
        A, C, B = geom.canon
        _run(_k('fixed_fwd', geom), (x3, _chan_any(gamma), _chan_any(beta), _chan_any(mean),
                                     _chan_any(var), float(eps), y), geom,
             A * C if B > 1 else A)
        return y.reshape(x.shape).astype(x.dtype, copy=False)
    cs = geom.cshape
    xd = x.astype(cdtype, copy=False)
    s = (var.astype(cdtype).reshape(cs) + eps) ** -0.5
    k = gamma.astype(cdtype, copy=False).reshape(cs) * s
    y = (xd - mean.astype(cdtype, copy=False).reshape(cs)) * k
    y += beta.astype(cdtype, copy=False).reshape(cs)
    return y.astype(x.dtype, copy=False)


def train_forward(x, gamma, beta, eps, geom, cdtype, xp):
    """Training BN forward: ``y`` (x's dtype) and the batch ``mean, var, inv_std`` (cdtype,
    shaped like gamma)."""
    if _use_kernels(xp, geom):
        x3 = _view(x, geom, cdtype)
        A, C, B = geom.canon
        y = cpu_memory.empty(x3.shape, cdtype)
        if _batch_split(geom):
            stats = _batch_stats(x3, geom, cdtype)
            mean, var = stats[0], stats[1] / (A * B)
            _run(_k3_fixed_fwd, (x3, _chan(gamma), _chan(beta), mean, var, float(eps), y),
                 geom, A * C)
        else:
            mean = numpy.empty(C)
            var = numpy.empty(C)
            args = (x3, _chan(gamma), _chan(beta), float(eps), cdtype.type(0),
                    _block(geom, cdtype.itemsize), mean, var, y)
            _run(_k('train_fwd', geom), args, geom)
        s = (var + eps) ** -0.5
        shape = gamma.shape
        return (y.reshape(x.shape).astype(x.dtype, copy=False),
                mean.astype(cdtype).reshape(shape), var.astype(cdtype).reshape(shape),
                s.astype(cdtype).reshape(shape))
    cs = geom.cshape
    xd = x.astype(cdtype, copy=False)
    mu, xc, var, s = math_stats(ArrayOps(geom.axis), xd, 1.0 / geom.m, eps)
    y = xc * (gamma.astype(cdtype, copy=False).reshape(cs) * s)
    y += beta.astype(cdtype, copy=False).reshape(cs)
    shape = gamma.shape
    return (y.astype(x.dtype, copy=False), mu.reshape(shape), var.reshape(shape),
            s.reshape(shape))


def batch_stats(x, eps, geom, cdtype, xp):
    """Batch ``mean`` and ``inv_std`` (cdtype, channel shape) for the Grad nodes."""
    mu, _, _, s = math_stats(ArrayOps(geom.axis), x.astype(cdtype, copy=False),
                             1.0 / geom.m, eps)
    return mu, s


def grad(x, gamma, gy, mean, inv_std, geom, cdtype, xp):
    """``gx`` (x's dtype), ``ggamma``, ``gbeta`` (gamma's dtype) of training BN."""
    shape = gamma.shape
    if _use_kernels(xp, geom):
        x3 = _view(x, geom, cdtype)
        gy3 = _view(gy, geom, cdtype)
        C = geom.canon[1]
        ggamma = numpy.empty(C)
        gbeta = numpy.empty(C)
        gx = cpu_memory.empty(x3.shape, cdtype)
        mu, s, g, zero = _chan(mean).astype(cdtype), _chan(inv_std), _chan(gamma), cdtype.type(0)
        if _batch_split(geom):
            A = geom.canon[0]
            parts = _threads.split(
                A, lambda lo, hi: _k3_batch_grad_sums(x3, gy3, mu, zero, lo, hi),
                size=A * C * geom.canon[2], uses_blas=False)
            acc = parts[0]
            for p in parts[1:]:
                acc += p
            _run(_k3_batch_grad, (x3, gy3, mu, s, g, acc, 1.0 / geom.m, ggamma, gbeta, gx),
                 geom, A * C)
        else:
            args = (x3, gy3, mu, s, g, zero, _block(geom, cdtype.itemsize), ggamma, gbeta, gx)
            _run(_k('grad', geom), args, geom)
        return (gx.reshape(x.shape).astype(x.dtype, copy=False),
                ggamma.astype(gamma.dtype).reshape(shape),
                gbeta.astype(gamma.dtype).reshape(shape))
    cs = geom.cshape
    xc = x.astype(cdtype, copy=False) - mean.astype(cdtype, copy=False).reshape(cs)
    gx, ggamma, gbeta = math_grad(
        ArrayOps(geom.axis), xc, gy.astype(cdtype, copy=False),
        inv_std.astype(cdtype, copy=False).reshape(cs),
        gamma.astype(cdtype, copy=False).reshape(cs), 1.0 / geom.m)
    return (gx.astype(x.dtype, copy=False), ggamma.astype(gamma.dtype).reshape(shape),
            gbeta.astype(gamma.dtype).reshape(shape))


def fixed_grad(x, gamma, mean, inv_std, gy, geom, cdtype, xp):
    """``gx`` (x's dtype), ``ggamma, gbeta, gmean, gvar`` (gamma's dtype) of fixed BN."""
    shape = gamma.shape
    pdt = gamma.dtype
    if _use_kernels(xp, geom):
        x3 = _view(x, geom, cdtype)
        gy3 = _view(gy, geom, cdtype)
        C = geom.canon[1]
        outs = [numpy.empty(C) for _ in range(4)]
        gx = cpu_memory.empty(x3.shape, cdtype)
        mu, s, g = _chan(mean).astype(cdtype), _chan(inv_std), _chan(gamma)
        zero = cdtype.type(0)
        if x3.ndim == 2:
            acc = _row_sums(_k2_fixed_grad, (x3, gy3, mu, s, g, zero, gx), geom)
            _fixed_grad_finish(g, s, acc, *outs)
        else:
            _run(_k3_fixed_grad, (x3, gy3, mu, s, g, zero, *outs, gx), geom)
        return (gx.reshape(x.shape).astype(x.dtype, copy=False),) + tuple(
            o.astype(pdt).reshape(shape) for o in outs)
    cs = geom.cshape
    xc = x.astype(cdtype, copy=False) - mean.astype(cdtype, copy=False).reshape(cs)
    gx, *rest = math_fixed_grad(
        ArrayOps(geom.axis), xc, gy.astype(cdtype, copy=False),
        inv_std.astype(cdtype, copy=False).reshape(cs),
        gamma.astype(cdtype, copy=False).reshape(cs))
    return (gx.astype(x.dtype, copy=False),) + tuple(
        o.astype(pdt).reshape(shape) for o in rest)


def gradgrad(x, gamma, gy, ggx, gggamma, ggbeta, mean, inv_std, geom, cdtype, xp,
             need_gx2, need_ggy2):
    """``gx2, ggamma2, ggy2`` of training BN (None where not needed); arrays only."""
    shape = gamma.shape
    if _use_kernels(xp, geom):
        x3 = _view(x, geom, cdtype)
        gy3 = _view(gy, geom, cdtype)
        ggx3 = gy3 if ggx is None else _view(ggx, geom, cdtype)
        C = geom.canon[1]
        dummy = numpy.empty((1,) * x3.ndim, cdtype)
        gx2 = cpu_memory.empty(x3.shape, cdtype) if need_gx2 else dummy
        ggy2 = cpu_memory.empty(x3.shape, cdtype) if need_ggy2 else dummy
        ggamma2 = numpy.empty(C)
        _run(_k('gradgrad', geom), (
            x3, gy3, ggx3, ggx is not None, _chan(mean).astype(cdtype), _chan(inv_std),
            _chan(gamma), _chan_or_zeros(gggamma, C), _chan_or_zeros(ggbeta, C),
            cdtype.type(0), _block(geom, cdtype.itemsize), need_gx2, need_ggy2, ggamma2, gx2,
            ggy2), geom)
        return (gx2.reshape(x.shape).astype(x.dtype, copy=False) if need_gx2 else None,
                ggamma2.astype(gamma.dtype).reshape(shape),
                ggy2.reshape(x.shape).astype(gy.dtype, copy=False) if need_ggy2 else None)
    cs = geom.cshape

    def c(a, full=False):
        if a is None:
            return None
        a = a.astype(cdtype, copy=False)
        return a if full else a.reshape(cs)

    xc = c(x, True) - c(mean)
    gx2, ggamma2, ggy2 = math_gradgrad(
        ArrayOps(geom.axis), xc, c(gy, True), c(ggx, True), c(inv_std), c(gamma), c(gggamma),
        c(ggbeta), 1.0 / geom.m, need_gx2, need_ggy2)
    return (None if gx2 is None else gx2.astype(x.dtype, copy=False),
            ggamma2.astype(gamma.dtype).reshape(shape),
            None if ggy2 is None else ggy2.astype(gy.dtype, copy=False))


def fixed_gradgrad(x, gamma, mean, inv_std, gy, ggx, gggamma, ggbeta, ggmean, ggvar, geom,
                   cdtype, xp, need_gx2, need_ggy2):
    """``gx2, ggamma2, gmean2, gvar2, ggy2`` of fixed BN; ``gx2``/``gmean2`` are None when
    structurally zero (no ``gggamma`` and no ``ggvar``); arrays only."""
    shape = gamma.shape
    pdt = gamma.dtype
    p_zero = gggamma is None and ggvar is None
    if _use_kernels(xp, geom):
        x3 = _view(x, geom, cdtype)
        gy3 = _view(gy, geom, cdtype)
        ggx3 = gy3 if ggx is None else _view(ggx, geom, cdtype)
        C = geom.canon[1]
        need_gx2 = need_gx2 and not p_zero
        dummy = numpy.empty((1,) * x3.ndim, cdtype)
        gx2 = cpu_memory.empty(x3.shape, cdtype) if need_gx2 else dummy
        ggy2 = cpu_memory.empty(x3.shape, cdtype) if need_ggy2 else dummy
        outs = [numpy.empty(C) for _ in range(3)]
        z = numpy.zeros(C)
        s, g = _chan(inv_std), _chan(gamma)
        gg = tuple(z if a is None else _chan(a) for a in (gggamma, ggbeta, ggmean, ggvar))
        has_ggx = ggx is not None
        head = (x3, gy3, ggx3, has_ggx, _chan(mean).astype(cdtype), s, g) + gg + (
            cdtype.type(0), need_gx2, need_ggy2)
        if x3.ndim == 2:
            acc = _row_sums(_k2_fixed_gradgrad, head + (gx2, ggy2), geom)
            _fixed_gradgrad_finish(g, s, acc, has_ggx, *gg, *outs)
        else:
            _run(_k3_fixed_gradgrad, head + (*outs, gx2, ggy2), geom)
        gmean2, ggamma2, gvar2 = (o.astype(pdt).reshape(shape) for o in outs)
        return (gx2.reshape(x.shape).astype(x.dtype, copy=False) if need_gx2 else None,
                ggamma2, None if p_zero else gmean2, gvar2,
                ggy2.reshape(x.shape).astype(gy.dtype, copy=False) if need_ggy2 else None)
    cs = geom.cshape

    def c(a, full=False):
        if a is None:
            return None
        a = a.astype(cdtype, copy=False)
        return a if full else a.reshape(cs)

    xc = c(x, True) - c(mean)
    gx2, ggamma2, gmean2, gvar2, ggy2 = math_fixed_gradgrad(
        ArrayOps(geom.axis), xc, c(gy, True), c(ggx, True), c(inv_std), c(gamma), c(gggamma),
        c(ggbeta), c(ggmean), c(ggvar), need_gx2, need_ggy2)
    if ggy2 is not None and ggy2.shape != x.shape:
        ggy2 = xp.broadcast_to(ggy2, x.shape)
    return (None if gx2 is None else gx2.astype(x.dtype, copy=False),
            ggamma2.astype(pdt).reshape(shape),
            None if gmean2 is None else gmean2.astype(pdt).reshape(shape),
            gvar2.astype(pdt).reshape(shape),
            None if ggy2 is None else ggy2.astype(gy.dtype))


_KERNELS = {name: globals()[name] for name in (
    '_k3_fixed_fwd', '_k2_fixed_fwd', '_k3_train_fwd', '_k2_train_fwd', '_k3_grad', '_k2_grad',
    '_k3_fixed_grad', '_k2_fixed_grad', '_k3_gradgrad', '_k2_gradgrad', '_k3_fixed_gradgrad',
    '_k2_fixed_gradgrad')}
