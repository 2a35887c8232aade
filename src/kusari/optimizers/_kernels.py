"""Fused CPU update kernels (Numba), one pass over each parameter.

Numba is imported on the first kernel request and the kernels are compiled with
``cache=True``. :func:`get` returns None when ``config.use_numba`` is off or Numba is missing,
and the update rules then run their NumPy path (which the tests also run).
"""
import numpy

from kusari.utils import _numba
from kusari.utils._numba import flat  # noqa: F401 - the update rules' name for it

_kernels = {}


def get(name):
    """The compiled kernel ``name``, or None (Numba disabled or unavailable)."""
    if not _numba.enabled():
        return None
    k = _kernels.get(name)
    if k is None:
        import numba
        k = _kernels[name] = _build(numba, name)
    return k


def _build(numba, name):
    # error_model='numpy': a division by zero gives inf/nan as in NumPy, with no per-element
    # check, which lets LLVM vectorize the loops (sqrt and division included).
    jit = numba.njit(cache=True, nogil=True, error_model='numpy')

    if name == 'sgd':
        @jit
        def sgd(p, g, lr):
            for i in range(p.shape[0]):
                p[i] -= lr * g[i]
        return sgd

    if name == 'momentum_sgd':
        @jit
        def momentum_sgd(p, g, v, lr, momentum):
            for i in range(p.shape[0]):
                vi = momentum * v[i] - lr * g[i]
                v[i] = vi
                p[i] += vi
        return momentum_sgd

    if name == 'corrected_momentum_sgd':
        @jit
        def corrected_momentum_sgd(p, g, v, lr, momentum):
            for i in range(p.shape[0]):
                vi = momentum * v[i] - g[i]
                v[i] = vi
                p[i] += lr * vi
        return corrected_momentum_sgd

    if name == 'nesterov_ag':
        @jit
        def nesterov_ag(p, g, v, lr, momentum):
            mm = momentum * momentum
            c = (1 + momentum) * lr
            for i in range(p.shape[0]):
                vi = momentum * v[i] - lr * g[i]
                v[i] = vi
                p[i] += mm * vi - c * g[i]
        return nesterov_ag

    if name == 'ada_grad':
        @jit
        def ada_grad(p, g, h, lr, eps):
            for i in range(p.shape[0]):
                gi = g[i]
                hi = h[i] + gi * gi
                h[i] = hi
                p[i] -= lr * gi / (numpy.sqrt(hi) + eps)
        return ada_grad

    if name == 'ada_delta':
        @jit
        def ada_delta(p, g, msg, msdx, rho, one_minus_rho, eps):
            for i in range(p.shape[0]):
                gi = g[i]
                m = rho * msg[i] + one_minus_rho * gi * gi
                msg[i] = m
                dx = numpy.sqrt((msdx[i] + eps) / (m + eps)) * gi
                msdx[i] = rho * msdx[i] + one_minus_rho * dx * dx
                p[i] -= dx
        return ada_delta

    if name == 'rmsprop':
        @jit
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
        return rmsprop

    if name == 'rmsprop_graves':
        @jit
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
        return rmsprop_graves

    if name == 'adam':
        @jit
        def adam(p, g, m, v, one_minus_beta1, one_minus_beta2, alpha_t, eps, decay, eta):
            for i in range(p.shape[0]):
                gi = g[i]
                mi = m[i] + one_minus_beta1 * (gi - m[i])
                vi = v[i] + one_minus_beta2 * (gi * gi - v[i])
                m[i] = mi
                v[i] = vi
                p[i] = decay * p[i] - eta * (alpha_t / (numpy.sqrt(vi) + eps) * mi)
        return adam

    if name == 'adam_general':
        @jit
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
        return adam_general

    raise KeyError(name)
