"""batch_renormalization, composed of differentiable functions (exact to every order).

Batch renormalization multiplies the batch-normalized input by ``r`` and adds ``d``, two
per-channel corrections computed from the batch and the running statistics and treated as
constants (no gradient flows through them, as in the paper and in Chainer). What remains is
batch normalization with the scale ``gamma * r`` and the shift ``gamma * d + beta``: this
module calls :func:`~kusari.functions.batch_normalization` with them, which is exact to every
order of derivative (Chainer's batch renormalization is first order only).
"""
import warnings

import numpy

from kusari import backend
from kusari.configuration import config, using_config
from kusari.functions.normalization.layer_normalization import _check_float
from kusari.utils import type_check
from kusari.variable import as_array, as_variable


def _check_batch_renormalization(x, gamma, beta, running_mean, running_var):
    label = 'BatchRenormalization'
    _check_float(label, 'x', x)
    m = gamma.ndim
    if x.ndim < m + 1:
        type_check.fail(label, 'x.ndim >= gamma.ndim + 1',
                        'x.ndim={}, gamma.ndim={}'.format(x.ndim, m))
    if x.shape[1:1 + m] != gamma.shape:
        type_check.fail(label, 'x.shape[1:1 + gamma.ndim] == gamma.shape',
                        '{} != {}'.format(x.shape[1:1 + m], gamma.shape))
    _check_float(label, 'gamma', gamma)
    if gamma.dtype != beta.dtype:
        type_check.fail(label, 'gamma.dtype == beta.dtype',
                        '{} != {}'.format(gamma.dtype, beta.dtype))
    if gamma.shape != beta.shape:
        type_check.fail(label, 'gamma.shape == beta.shape',
                        '{} != {}'.format(gamma.shape, beta.shape))
    for name, a in (('running_mean', running_mean), ('running_var', running_var)):
        if a.shape != gamma.shape:
            type_check.fail(label, '{}.shape == gamma.shape'.format(name),
                            '{} != {}'.format(a.shape, gamma.shape))
        _check_float(label, name, a)


def batch_renormalization(x, gamma, beta, rmax, dmax, eps=2e-5, running_mean=None,
                          running_var=None, decay=0.9, update_statistics=False):
    """Batch renormalization (training mode).

    With the batch mean :math:`\\mu` and biased variance :math:`\\sigma^2` over axis 0 and
    every axis after ``gamma``'s dimensions, :math:`s = \\sqrt{\\sigma^2 + \\epsilon}` and
    :math:`s_R = \\sqrt{\\sigma_R^2 + \\epsilon}` from the running variance,

    .. math::
        r = \\mathrm{clip}(s / s_R, 1 / r_{max}, r_{max}), \\quad
        d = \\mathrm{clip}((\\mu - \\mu_R) / s_R, -d_{max}, d_{max}), \\quad
        y = \\gamma \\left(\\frac{x - \\mu}{s} r + d\\right) + \\beta.

    ``r`` and ``d`` are constants to differentiation; every order of derivative is exact.
    A ``gamma`` of a wider dtype than ``x`` (float32 with a float16 ``x``) computes in that
    dtype and returns ``x``'s dtype.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, *gamma.shape, ...)``, float dtype.
    gamma : Variable or array
        Scale, shape ``S`` (the channel dimensions).
    beta : Variable or array
        Shift, shape ``S``, dtype of ``gamma``.
    rmax : float
        Bound of the variance correction ``r`` (``r`` lies in ``[1 / rmax, rmax]``).
    dmax : float
        Bound of the mean correction ``d`` (``d`` lies in ``[-dmax, dmax]``).
    eps : float
        Added to the variances.
    running_mean : array
        Running mean, shape ``S``; required.
    running_var : array
        Running variance, shape ``S``; required.
    decay : float
        Decay of the moving averages.
    update_statistics : bool
        If True, update ``running_mean`` and ``running_var`` in place (the variance with the
        unbiased correction ``m / (m - 1)``, ``m`` the number of reduced elements per channel).

    Returns
    -------
    Variable
        Shape and dtype of ``x``.

    Raises
    ------
    TypeError
        If ``running_mean`` or ``running_var`` is missing.
    """
    if running_mean is None:
        raise TypeError('running_mean is required')
    if running_var is None:
        raise TypeError('running_var is required')
    running_mean = as_array(running_mean)
    running_var = as_array(running_var)
    if config.type_check:
        _check_batch_renormalization(x, gamma, beta, running_mean, running_var)
    from kusari.functions.normalization.batch_normalization import batch_normalization
    x = as_variable(x)
    shape_s = gamma.shape
    axes = (0,) + tuple(range(gamma.ndim + 1, x.ndim))
    work = numpy.promote_types(x.dtype, gamma.dtype)
    if work == numpy.float16:
        work = numpy.dtype(numpy.float32)   # float16 statistics accumulate in float32
    xp = backend.get_array_module(x.array)

    # the corrections r and d, from the batch statistics (constants: no graph)
    xa = x.array
    mean = xa.mean(axis=axes, dtype=work).reshape(shape_s)
    var = xa.var(axis=axes, dtype=work).reshape(shape_s)
    eps_w = work.type(eps)
    running_sigma = xp.sqrt(running_var.astype(work) + eps_w)
    r = xp.clip(xp.sqrt(var + eps_w) / running_sigma, 1.0 / rmax, rmax)
    d = xp.clip((mean - running_mean.astype(work)) / running_sigma, -dmax, dmax)

    # gamma * ((x - mean) / std * r + d) + beta is batch normalization with the scale
    # gamma * r and the shift gamma * d + beta
    gdtype = gamma.dtype
    scale = gamma * r.astype(gdtype, copy=False)
    shift = gamma * d.astype(gdtype, copy=False) + beta
    y = batch_normalization(x, scale, shift, eps=eps)

    if update_statistics:
        m = x.size // max(gamma.size, 1)
        adjust = m / max(m - 1., 1.)
        running_mean *= decay
        running_mean += ((1 - decay) * mean).astype(running_mean.dtype, copy=False)
        running_var *= decay
        running_var += ((1 - decay) * adjust * var).astype(running_var.dtype, copy=False)
    return y


def fixed_batch_renormalization(x, gamma, beta, mean, var, eps=2e-5):
    """Deprecated alias of :func:`kusari.functions.fixed_batch_normalization`.

    Parameters
    ----------
    x, gamma, beta, mean, var : Variable or array
        As in :func:`~kusari.functions.fixed_batch_normalization`.
    eps : float
        Added to ``var``.

    Returns
    -------
    Variable
        Shape and dtype of ``x``.
    """
    from kusari.functions.normalization.batch_normalization import fixed_batch_normalization
    warnings.warn('fixed_batch_renormalization is deprecated. '
                  'Use fixed_batch_normalization instead.', DeprecationWarning)
    with using_config('train', False):
        return fixed_batch_normalization(x, gamma, beta, mean, var, eps)
