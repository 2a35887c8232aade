"""The categorical distribution (over class indices)."""
import numpy

from kusari import backend
from kusari import functions as F
from kusari.distribution import Distribution, register_kl
from kusari.distributions.utils import (
    _modified_xlogx,
    array_of,
    as_param,
    cached_property,
    constant,
)


def sample_indices(xp, p, n):
    """``n`` draws of class indices from each row of probabilities ``p``.

    One vectorized inverse-CDF lookup for the whole batch (the rows' cumulative sums are
    stacked with integer offsets, so a single ``searchsorted`` serves every row); the
    uniforms come from the global generator of ``xp.random``.

    Parameters
    ----------
    xp : module
        numpy or cupy.
    p : array
        Probabilities of shape ``batch_shape + (k,)`` (normalized per row here).
    n : int
        Draws per row.

    Returns
    -------
    array
        int64 indices of shape ``(n,) + batch_shape``.
    """
    batch_shape, k = p.shape[:-1], p.shape[-1]
    rows = p.reshape(-1, k).astype(numpy.float64)
    m = rows.shape[0]
    cdf = xp.cumsum(rows, axis=1)
    cdf /= cdf[:, -1:]
    cdf[:, -1] = 1.0
    offsets = xp.arange(m, dtype=numpy.float64)
    u = xp.random.uniform(0.0, 1.0, (n, m))
    idx = xp.searchsorted((cdf + offsets[:, None]).ravel(), (u + offsets).ravel(),
                          side='right').reshape(n, m)
    idx = idx - (xp.arange(m) * k)
    return xp.clip(idx, 0, k - 1).astype(numpy.int64).reshape((n,) + batch_shape)


def gather_last(table, x):
    """``table[..., x]`` elementwise: ``table`` of shape ``batch_shape + (k,)``, integer
    ``x`` of shape ``sample_shape + batch_shape``; differentiable in ``table``."""
    x = numpy.asarray(x) if backend.get_array_module(x) is numpy else x
    k = table.shape[-1]
    shape = x.shape
    t = F.broadcast_to(table, shape + (k,)) if table.shape[:-1] != shape else table
    out = F.select_item(F.reshape(t, (-1, k)), x.reshape(-1).astype(numpy.int32))
    return F.reshape(out, shape)


class Categorical(Distribution):
    """Categorical distribution over ``{0, ..., k - 1}``: :math:`P(x = i) = p_i`.

    Samples are int64 class indices (not differentiable).

    Parameters
    ----------
    p : Variable or array, optional
        Probabilities of shape ``batch_shape + (k,)``, summing to 1 over the last axis.
    logit : Variable or array, optional
        Unnormalized log probabilities :math:`\\log p_i + C` instead of ``p`` (exactly one
        of the two is given).

    Raises
    ------
    ValueError
        Unless exactly one of ``p`` and ``logit`` is given.
    """

    def __init__(self, p=None, logit=None):
        if (p is None) == (logit is None):
            raise ValueError('Either `p` or `logit` (not both) must have a value.')
        self.__p = p
        self.__logit = logit

    @cached_property
    def p(self):
        if self.__p is not None:
            return as_param(self.__p)
        return F.exp(self.log_p)

    @cached_property
    def log_p(self):
        if self.__p is not None:
            return F.log(self.p)
        return F.log_softmax(as_param(self.__logit), axis=-1)

    @property
    def batch_shape(self):
        return self.p.shape[:-1]

    @property
    def event_shape(self):
        return ()

    @property
    def params(self):
        return {'p': self.p}

    @cached_property
    def entropy(self):
        return -F.sum(_modified_xlogx(self.p), axis=-1)

    def log_prob(self, x):
        return gather_last(self.log_p, array_of(x))

    def sample_n(self, n):
        xp = backend.get_array_module(self.p.array)
        return constant(sample_indices(xp, self.p.array, n))


def kl_over_last_axis(dist1, dist2):
    """``sum_i p_i (log p_i - log q_i)``, with the terms of ``p_i = 0`` counted as 0."""
    with numpy.errstate(invalid='ignore'):       # 0 * -inf, masked below
        terms = dist1.p * (dist1.log_p - dist2.log_p)
    xp = backend.get_array_module(terms.array)
    terms = F.where(dist1.p.array > 0, terms, xp.zeros((), terms.dtype))
    return F.sum(terms, axis=-1)


@register_kl(Categorical, Categorical)
def _kl_categorical_categorical(dist1, dist2):
    return kl_over_last_axis(dist1, dist2)
