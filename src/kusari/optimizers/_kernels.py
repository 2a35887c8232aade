"""Fused CPU update kernels, one pass over each parameter (:mod:`kusari.utils._numba`).

:func:`get` returns None when the kernels are off (``config.use_numba``), and the update
rules then run their NumPy path (which the tests also run). The kernels use
``error_model='numpy'``: a division by zero gives inf/nan as in NumPy, with no per-element
check, which lets LLVM vectorize the loops (sqrt and division included).
"""
import numpy

from kusari.utils import _numba
from kusari.utils._numba import flat  # noqa: F401 - the update rules' name for it


def get(name):
    """The kernel ``name`` (e.g. ``'adam'``), or None when the kernels are off."""
    if not _numba.enabled():
        return None
    return _BY_NAME[name]


@_numba.kernel
def sgd(p, g, lr):
    for i in range(p.shape[0]):
        p[i] -= lr * g[i]


@_numba.kernel
def momentum_sgd(p, g, v, lr, momentum):
    for i in range(p.shape[0]):
        vi = momentum * v[i] - lr * g[i]
        v[i] = vi
        p[i] += vi


@_numba.kernel
def corrected_momentum_sgd(p, g, v, lr, momentum):
    for i in range(p.shape[0]):
        vi = momentum * v[i] - g[i]
        v[i] = vi
        p[i] += lr * vi


@_numba.kernel
def nesterov_ag(p, g, v, lr, momentum):
    mm = momentum * momentum
    c = (1 + momentum) * lr
    for i in range(p.shape[0]):
        vi = momentum * v[i] - lr * g[i]
        v[i] = vi
        p[i] += mm * vi - c * g[i]


@_numba.kernel
def ada_grad(p, g, h, lr, eps):
    for i in range(p.shape[0]):
        gi = g[i]
        hi = h[i] + gi * gi
        h[i] = hi
        p[i] -= lr * gi / (numpy.sqrt(hi) + eps)


@_numba.kernel
def ada_delta(p, g, msg, msdx, rho, one_minus_rho, eps):
    for i in range(p.shape[0]):
        gi = g[i]
        m = rho * msg[i] + one_minus_rho * gi * gi
        msg[i] = m
        dx = numpy.sqrt((msdx[i] + eps) / (m + eps)) * gi
        msdx[i] = rho * msdx[i] + one_minus_rho * dx * dx
        p[i] -= dx


@_numba.kernel
def rmsprop(p, g, ms, lr, alpha, one_minus_alpha, eps, inside):
    for i in range(p.shape[0]):
        gi = g[i]
        m = alpha * ms[i] + one_minus_alpha * gi * gi
        ms[i] = m
        if inside:
            d = numpy.sqrt(m + eps)
        else:
            d = numpy.sqrt(m) + eps
        p[i] -= lr * gi / d


@_numba.kernel
def rmsprop_graves(p, g, n, ga, delta, lr, alpha, one_minus_alpha, momentum, eps):
    for i in range(p.shape[0]):
        gi = g[i]
        ni = alpha * n[i] + one_minus_alpha * gi * gi
        gai = alpha * ga[i] + one_minus_alpha * gi
        n[i] = ni
        ga[i] = gai
        di = momentum * delta[i] - lr * gi / numpy.sqrt(ni - gai * gai + eps)
        delta[i] = di
        p[i] += di


@_numba.kernel
def adam(p, g, m, v, one_minus_beta1, one_minus_beta2, alpha_t, eps, decay, eta):
    for i in range(p.shape[0]):
        gi = g[i]
        mi = m[i] + one_minus_beta1 * (gi - m[i])
        vi = v[i] + one_minus_beta2 * (gi * gi - v[i])
        m[i] = mi
        v[i] = vi
        p[i] = decay * p[i] - eta * (alpha_t / (numpy.sqrt(vi) + eps) * mi)


@_numba.kernel
def adam_general(p, g, m, v, vhat, one_minus_beta1, one_minus_beta2, alpha_t, eps,
                 decay, eta, amsgrad, lower, upper):
    for i in range(p.shape[0]):
        gi = g[i]
        mi = m[i] + one_minus_beta1 * (gi - m[i])
        vi = v[i] + one_minus_beta2 * (gi * gi - v[i])
        m[i] = mi
        v[i] = vi
        if amsgrad:
            vi = max(vhat[i], vi)
            vhat[i] = vi
        step = min(max(alpha_t / (numpy.sqrt(vi) + eps), lower), upper)
        p[i] = decay * p[i] - eta * (step * mi)


_BY_NAME = {k.__name__: k for k in (
    sgd, momentum_sgd, corrected_momentum_sgd, nesterov_ag, ada_grad, ada_delta, rmsprop,
    rmsprop_graves, adam, adam_general)}
