"""The log-normal distribution."""
import math

from kusari import functions as F
from kusari.distribution import register_kl
from kusari.distributions.utils import (
    ScalarDistribution,
    as_param,
    as_points,
    cached_property,
    draw_like,
)

_LOG_PROB_C = -0.5 * math.log(2 * math.pi)


class LogNormal(ScalarDistribution):
    """Log-normal distribution: :math:`\\log x` is normal with mean :math:`\\mu` and
    standard deviation :math:`\\sigma`; :math:`p(x) = \\frac{1}{\\sqrt{2\\pi}\\sigma x}
    \\exp\\left(-\\frac{(\\log x - \\mu)^2}{2\\sigma^2}\\right)`.

    ``sample`` is reparameterized (``exp(mu + sigma * eps)``).

    Parameters
    ----------
    mu : Variable or array
        :math:`\\mu`, of shape ``batch_shape``.
    sigma : Variable or array
        :math:`\\sigma > 0`, of the shape of ``mu``.
    """

    _param_names = ('mu', 'sigma')

    def __init__(self, mu, sigma):
        self.__mu = mu
        self.__sigma = sigma

    @cached_property
    def mu(self):
        return as_param(self.__mu)

    @cached_property
    def sigma(self):
        return as_param(self.__sigma)

    @cached_property
    def _log_sigma(self):
        return F.log(self.sigma)

    @property
    def support(self):
        return 'positive'

    @cached_property
    def mean(self):
        return F.exp(self.mu + 0.5 * self.sigma ** 2)

    @cached_property
    def variance(self):
        s2 = self.sigma ** 2
        return F.exp(2.0 * self.mu + s2) * F.expm1(s2)

    @cached_property
    def entropy(self):
        return (0.5 - _LOG_PROB_C) + self._log_sigma + self.mu

    def log_prob(self, x):
        logx = F.log(as_points(x, self.mu.dtype))
        z = (logx - self.mu) / self.sigma
        return _LOG_PROB_C - self._log_sigma - logx - 0.5 * z * z

    def sample_n(self, n):
        eps = draw_like(self.mu, n, 'standard_normal')
        return F.exp(self.mu + self.sigma * eps)


@register_kl(LogNormal, LogNormal)
def _kl_log_normal_log_normal(dist1, dist2):
    d = dist1.mu - dist2.mu
    return (0.5 * (d * d + dist1.sigma ** 2) / dist2.sigma ** 2 - 0.5
            + dist2._log_sigma - dist1._log_sigma)
