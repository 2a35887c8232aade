"""The exponential distribution."""
from kusari import functions as F
from kusari.distribution import register_kl
from kusari.distributions.utils import (
    ScalarDistribution,
    array_of,
    as_param,
    as_points,
    cached_property,
    draw_like,
    where_param,
)


class Exponential(ScalarDistribution):
    """Exponential distribution :math:`p(x) = \\lambda e^{-\\lambda x}` on :math:`x \\ge 0`.

    ``sample`` is reparameterized (``eps / lam``).

    Parameters
    ----------
    lam : Variable or array
        The rate :math:`\\lambda > 0`, of shape ``batch_shape``.
    """

    _param_names = ('lam',)

    def __init__(self, lam):
        self.__lam = lam

    @cached_property
    def lam(self):
        return as_param(self.__lam)

    @cached_property
    def _log_lam(self):
        return F.log(self.lam)

    @property
    def support(self):
        return 'positive'

    @cached_property
    def mean(self):
        return 1.0 / self.lam

    @cached_property
    def variance(self):
        return self.mean ** 2

    @cached_property
    def stddev(self):
        return self.mean

    @cached_property
    def entropy(self):
        return 1.0 - self._log_lam

    def log_prob(self, x):
        x = as_points(x, self.lam.dtype)
        return where_param(array_of(x) >= 0, self._log_lam - self.lam * x, -float('inf'))

    def cdf(self, x):
        return -F.expm1(-self.lam * as_points(x, self.lam.dtype))

    def survival_function(self, x):
        return F.exp(-self.lam * as_points(x, self.lam.dtype))

    def icdf(self, x):
        return -F.log1p(-as_points(x, self.lam.dtype)) / self.lam

    def sample_n(self, n):
        return draw_like(self.lam, n, 'standard_exponential') / self.lam


@register_kl(Exponential, Exponential)
def _kl_exponential_exponential(dist1, dist2):
    return dist1._log_lam - dist2._log_lam + dist2.lam / dist1.lam - 1.0
