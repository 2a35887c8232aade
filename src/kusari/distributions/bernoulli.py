"""The Bernoulli distribution."""
import numpy

from kusari import backend
from kusari import functions as F
from kusari.distribution import register_kl
from kusari.distributions.utils import (
    ScalarDistribution,
    _modified_xlogx,
    as_param,
    as_points,
    cached_property,
    constant,
    draw_like,
)
from kusari.function_node import FunctionNode
from kusari.utils import force_array


class BernoulliLogProb(FunctionNode):
    """``log P(x)`` of a Bernoulli distribution given by its logit, stable for any logit.

    ``x * logit - softplus(logit)``; an infinite logit (p = 0 or 1) gives ``log(x)`` or
    ``log(1 - x)``, and with ``binary_check`` an ``x`` other than 0 and 1 gives ``-inf``. The
    gradient in the logit is ``x - sigmoid(logit)`` (NaN where the logit is infinite or ``x``
    is invalid), written with ``F.*``; ``x`` gets none.
    """

    def __init__(self, binary_check=False):
        self.binary_check = binary_check

    @property
    def label(self):
        return 'bernoulli_log_prob'

    def forward(self, inputs):
        logit, x = inputs
        xp = backend.get_array_module(logit, x)
        self.retain_inputs((0, 1))
        dtype = logit.dtype
        with numpy.errstate(invalid='ignore', divide='ignore', over='ignore'):
            softplus = xp.maximum(logit, 0) + xp.log1p(xp.exp(-abs(logit)))
            y = x * logit - softplus
            self._logit_inf = xp.isinf(logit)
            y = xp.where(self._logit_inf & (logit > 0), xp.log(x), y)
            y = xp.where(self._logit_inf & (logit < 0), xp.log1p(-x), y)
            if self.binary_check:
                self._invalid = (x != 0) & (x != 1)
                y = xp.where(self._invalid, xp.asarray(-numpy.inf, dtype), y)
        return force_array(y, dtype),

    def backward(self, indexes, grad_outputs):
        logit, x = self.get_retained_inputs()
        xp = backend.get_array_module(logit.array)
        nan = xp.full((), numpy.nan, logit.dtype)
        dlogit = x - F.sigmoid(logit)
        bad = self._logit_inf
        if self.binary_check:
            bad = bad | self._invalid
        if bad.any():
            dlogit = F.where(xp.broadcast_to(bad, dlogit.shape), nan, dlogit)
        glogit = grad_outputs[0] * dlogit
        if glogit.shape != logit.shape:
            glogit = F.sum_to(glogit, logit.shape)
        return glogit, None


def _bernoulli_log_prob(logit, x, binary_check=False):
    """``log P(x)`` for logits ``logit`` (broadcast with ``x``); see :class:`BernoulliLogProb`."""
    return BernoulliLogProb(binary_check).apply((logit, x))[0]


class Bernoulli(ScalarDistribution):
    """Bernoulli distribution: :math:`P(x = 1) = p`, :math:`P(x = 0) = 1 - p`.

    ``sample`` is not differentiable (a discrete draw).

    Parameters
    ----------
    p : Variable or array, optional
        The probability of 1, of shape ``batch_shape``.
    logit : Variable or array, optional
        :math:`\\log(p / (1 - p))` instead of ``p`` (exactly one of the two is given).
    binary_check : bool
        If True, ``log_prob`` is ``-inf`` and ``prob`` 0 at an ``x`` other than 0 and 1.

    Raises
    ------
    ValueError
        Unless exactly one of ``p`` and ``logit`` is given.
    """

    _param_names = ('logit',)

    def __init__(self, p=None, logit=None, binary_check=False):
        if (p is None) == (logit is None):
            raise ValueError('Either `p` or `logit` (not both) must have a value.')
        self.__p = p
        self.__logit = logit
        self.binary_check = binary_check

    @cached_property
    def p(self):
        if self.__p is not None:
            return as_param(self.__p)
        return F.sigmoid(self.logit)

    @cached_property
    def logit(self):
        if self.__logit is not None:
            return as_param(self.__logit)
        return F.log(self.p) - F.log1p(-self.p)

    @property
    def batch_shape(self):
        return self.p.shape     # not logit's, which a Bernoulli given p would build

    @property
    def support(self):
        return '{0, 1}'

    @cached_property
    def mean(self):
        return self.p

    @cached_property
    def variance(self):
        return self.p * (1.0 - self.p)

    @cached_property
    def stddev(self):
        return self.variance ** 0.5

    @cached_property
    def entropy(self):
        return -_modified_xlogx(self.p) - _modified_xlogx(1.0 - self.p)

    def log_prob(self, x):
        return _bernoulli_log_prob(self.logit, as_points(x, self.logit.dtype), self.binary_check)

    def prob(self, x):
        x = as_points(x, self.p.dtype)
        prob = x * self.p + (1.0 - x) * (1.0 - self.p)
        if self.binary_check:
            xa = getattr(x, 'array', x)
            prob = prob * ((xa == 0) | (xa == 1)).astype(prob.dtype)
        return prob

    def sample_n(self, n):
        return constant(draw_like(self.p, n, 'binomial', 1, self.p.array))


@register_kl(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(dist1, dist2):
    return ((dist1.logit - dist2.logit) * (dist1.p - 1.0)
            - F.softplus(-dist1.logit) + F.softplus(-dist2.logit))
