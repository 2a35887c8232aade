"""The normal (Gaussian) distribution."""
import math

from kusari import functions as F
from kusari.distribution import register_kl
from kusari.distributions.utils import (
    LocScaleDistribution,
    as_param,
    as_points,
    cached_property,
)

_ENTROPY_C = 0.5 * math.log(2 * math.pi * math.e)
_LOG_PROB_C = -0.5 * math.log(2 * math.pi)
_PROB_C = 1.0 / math.sqrt(2 * math.pi)


class Normal(LocScaleDistribution):
    """Normal distribution :math:`p(x) = \\frac{1}{\\sqrt{2\\pi}\\sigma}
    \\exp\\left(-\\frac{(x - \\mu)^2}{2\\sigma^2}\\right)`.

    ``sample`` is reparameterized (``loc + scale * eps``): it is differentiable in ``loc``
    and ``scale``.

    Parameters
    ----------
    loc : Variable or array
        The mean :math:`\\mu`, of shape ``batch_shape``.
    scale : Variable or array, optional
        The standard deviation :math:`\\sigma > 0`, of the shape of ``loc``.
    log_scale : Variable or array, optional
        :math:`\\log\\sigma` instead of ``scale`` (exactly one of the two is given).

    Raises
    ------
    ValueError
        Unless exactly one of ``scale`` and ``log_scale`` is given.

    >>> import numpy, kusari.distributions as D
    >>> D.Normal(numpy.zeros(2), numpy.ones(2)).log_prob(numpy.zeros(2)).array
    array([-0.91893853, -0.91893853])
    """

    _standard_draw = 'standard_normal'

    def __init__(self, loc, scale=None, log_scale=None):
        if (scale is None) == (log_scale is None):
            raise ValueError('Either `scale` or `log_scale` (not both) must have a value.')
        super().__init__(loc, scale)
        self._log_scale_arg = log_scale

    @cached_property
    def scale(self):
        if self._scale_arg is not None:
            return as_param(self._scale_arg)
        return F.exp(self.log_scale)

    @cached_property
    def log_scale(self):
        if self._log_scale_arg is not None:
            return as_param(self._log_scale_arg)
        return F.log(self.scale)

    @cached_property
    def mean(self):
        return self.loc

    @cached_property
    def variance(self):
        return self.scale ** 2

    @cached_property
    def stddev(self):
        return self.scale

    @cached_property
    def entropy(self):
        return self.log_scale + _ENTROPY_C

    def log_prob(self, x):
        z = self._z(x)
        return _LOG_PROB_C - self.log_scale - 0.5 * z * z

    def prob(self, x):
        z = self._z(x)
        return F.exp(-0.5 * z * z) * (_PROB_C / self.scale)

    def cdf(self, x):
        return F.ndtr(self._z(x))

    def log_cdf(self, x):
        return F.log_ndtr(self._z(x))

    def survival_function(self, x):
        return F.ndtr(-self._z(x))

    def log_survival_function(self, x):
        return F.log_ndtr(-self._z(x))

    def icdf(self, x):
        return self.loc + self.scale * F.ndtri(as_points(x, self.loc.dtype))


@register_kl(Normal, Normal)
def _kl_normal_normal(dist1, dist2):
    d = dist1.loc - dist2.loc
    return (dist2.log_scale - dist1.log_scale
            + 0.5 * (dist1.variance + d * d) / dist2.variance - 0.5)
