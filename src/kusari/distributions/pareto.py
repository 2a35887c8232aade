"""The Pareto distribution."""
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

_INF = float('inf')


class Pareto(ScalarDistribution):
    """Pareto distribution :math:`p(x) = \\alpha x_m^\\alpha x^{-(\\alpha + 1)}` on
    :math:`x \\ge x_m`.

    ``sample`` is ``scale * exp(e / alpha)`` with ``e`` a standard exponential draw:
    reparameterized in both ``scale`` and ``alpha`` (Chainer's is differentiable in ``scale``
    only; the draws are the same).

    Parameters
    ----------
    scale : Variable or array
        The minimum :math:`x_m > 0`, of shape ``batch_shape``.
    alpha : Variable or array
        The shape :math:`\\alpha > 0`, of the shape of ``scale``.
    """

    _param_names = ('scale', 'alpha')

    def __init__(self, scale, alpha):
        self.__scale = scale
        self.__alpha = alpha

    @cached_property
    def scale(self):
        return as_param(self.__scale)

    @cached_property
    def alpha(self):
        return as_param(self.__alpha)

    @cached_property
    def _log_scale(self):
        return F.log(self.scale)

    @cached_property
    def _log_alpha(self):
        return F.log(self.alpha)

    @property
    def support(self):
        return '[scale, inf]'

    @cached_property
    def mean(self):
        mean = self.alpha * self.scale / (self.alpha - 1.0)
        return where_param(self.alpha.array > 1, mean, _INF)

    @cached_property
    def variance(self):
        a = self.alpha
        var = self.scale ** 2 * a / ((a - 1.0) ** 2 * (a - 2.0))
        return where_param(a.array > 2, var, _INF)

    @cached_property
    def entropy(self):
        return self._log_scale - self._log_alpha + 1.0 / self.alpha + 1.0

    def log_prob(self, x):
        x = as_points(x, self.scale.dtype)
        logp = (self._log_alpha + self.alpha * self._log_scale
                - (self.alpha + 1.0) * F.log(x))
        return where_param(array_of(x) >= self.scale.array, logp, -_INF)

    def sample_n(self, n):
        e = draw_like(self.scale, n, 'standard_exponential')
        return self.scale * F.exp(e / self.alpha)


@register_kl(Pareto, Pareto)
def _kl_pareto_pareto(dist1, dist2):
    kl = (dist2.alpha * (dist1._log_scale - dist2._log_scale)
          + dist1._log_alpha - dist2._log_alpha
          + (dist2.alpha - dist1.alpha) / dist1.alpha)
    return where_param(dist1.scale.array >= dist2.scale.array, kl, _INF)
