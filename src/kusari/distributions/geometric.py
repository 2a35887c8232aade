"""The geometric distribution (on 1, 2, 3, ...)."""
from kusari import functions as F
from kusari.distribution import register_kl
from kusari.distributions.utils import (
    ScalarDistribution,
    as_param,
    as_points,
    cached_property,
    constant,
    draw_like,
)


class Geometric(ScalarDistribution):
    """Geometric distribution :math:`P(x = k) = p (1 - p)^{k - 1}`, :math:`k = 1, 2, \\ldots`
    (the number of trials up to the first success).

    Samples are floats of ``p``'s dtype (not differentiable).

    Parameters
    ----------
    p : Variable or array
        The success probability :math:`0 < p \\le 1`, of shape ``batch_shape``.
    """

    _param_names = ('p',)

    def __init__(self, p):
        self.__p = p

    @cached_property
    def p(self):
        return as_param(self.__p)

    @cached_property
    def _log1m_p(self):
        return F.log1p(-self.p)

    @property
    def support(self):
        return 'positive integer'

    @cached_property
    def mean(self):
        return 1.0 / self.p

    @cached_property
    def variance(self):
        return (1.0 - self.p) / self.p ** 2

    def log_prob(self, x):
        x = as_points(x, self.p.dtype)
        return (x - 1.0) * self._log1m_p + F.log(self.p)

    def sample_n(self, n):
        return constant(draw_like(self.p, n, 'geometric', self.p.array))


@register_kl(Geometric, Geometric)
def _kl_geometric_geometric(dist1, dist2):
    return ((1.0 / dist1.p - 1.0) * (dist1._log1m_p - dist2._log1m_p)
            + F.log(dist1.p) - F.log(dist2.p))
