"""NumPy references for the connection-link tests (exposed as fixtures)."""
import numpy
import pytest


def _tuple(v, n):
    return tuple(v) if hasattr(v, '__len__') else (v,) * n


def conv_nd_ref(x, W, b=None, stride=1, pad=0, dilate=1, groups=1):
    """Cross-correlation of ``x`` (N, C, *in) with ``W`` (O, C/groups, *k), float64."""
    nd = x.ndim - 2
    s, p, d = _tuple(stride, nd), _tuple(pad, nd), _tuple(dilate, nd)
    k = W.shape[2:]
    xp = numpy.pad(x.astype(numpy.float64), [(0, 0), (0, 0)] + [(q, q) for q in p])
    out = [(xp.shape[2 + i] - d[i] * (k[i] - 1) - 1) // s[i] + 1 for i in range(nd)]
    n, c = x.shape[:2]
    o = W.shape[0]
    cg, og = c // groups, o // groups
    y = numpy.zeros((n, o) + tuple(out))
    for off in numpy.ndindex(*k):
        sl = tuple(slice(off[i] * d[i], off[i] * d[i] + s[i] * (out[i] - 1) + 1, s[i])
                   for i in range(nd))
        win = xp[(slice(None), slice(None)) + sl]
        for g in range(groups):
            y[:, g * og:(g + 1) * og] += numpy.einsum(
                'nc...,oc->no...', win[:, g * cg:(g + 1) * cg],
                W[(slice(g * og, (g + 1) * og), slice(None)) + off])
    if b is not None:
        y += b.reshape((1, -1) + (1,) * nd)
    return y


def deconv_nd_ref(x, W, b=None, stride=1, pad=0, dilate=1, groups=1):
    """Transposed convolution of ``x`` (N, C, *in) with ``W`` (C, O/groups, *k), float64."""
    nd = x.ndim - 2
    s, p, d = _tuple(stride, nd), _tuple(pad, nd), _tuple(dilate, nd)
    k = W.shape[2:]
    n, c = x.shape[:2]
    og = W.shape[1]
    cg = c // groups
    size = x.shape[2:]
    full = [s[i] * (size[i] - 1) + d[i] * (k[i] - 1) + 1 for i in range(nd)]
    y = numpy.zeros((n, og * groups) + tuple(full))
    for off in numpy.ndindex(*k):
        sl = tuple(slice(off[i] * d[i], off[i] * d[i] + s[i] * (size[i] - 1) + 1, s[i])
                   for i in range(nd))
        for g in range(groups):
            y[(slice(None), slice(g * og, (g + 1) * og)) + sl] += numpy.einsum(
                'nc...,co->no...', x[:, g * cg:(g + 1) * cg],
                W[(slice(g * cg, (g + 1) * cg), slice(None)) + off])
    y = y[(slice(None), slice(None)) + tuple(slice(p[i], full[i] - p[i]) for i in range(nd))]
    if b is not None:
        y = y + b.reshape((1, -1) + (1,) * nd)
    return y


@pytest.fixture
def conv_ref():
    return conv_nd_ref


@pytest.fixture
def deconv_ref():
    return deconv_nd_ref
