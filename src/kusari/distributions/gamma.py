"""The gamma distribution."""
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


class Gamma(ScalarDistribution):
    """Gamma distribution :math:`p(x) = \\frac{x^{k-1} e^{-x/\\theta}}{\\Gamma(k)\\theta^k}`
    on :math:`x \\ge 0` (shape :math:`k`, scale :math:`\\theta`).

    Needs SciPy on the CPU (``lgamma``, ``digamma``). ``sample`` is ``theta * g`` with ``g``
    a standard gamma draw of shape ``k``: differentiable in ``theta``, not in ``k``.

    Parameters
    ----------
    k : Variable or array
        The shape :math:`k > 0`, of shape ``batch_shape``.
    theta : Variable or array
        The scale :math:`\\theta > 0`, of the shape of ``k``.
    """

    _param_names = ('k', 'theta')

    def __init__(self, k, theta):
        self.__k = k
        self.__theta = theta

    @cached_property
    def k(self):
        return as_param(self.__k)

    @cached_property
    def theta(self):
        return as_param(self.__theta)

    @property
    def support(self):
        return 'positive'

    @cached_property
    def mean(self):
        return self.k * self.theta

    @cached_property
    def variance(self):
        return self.mean * self.theta

    @cached_property
    def entropy(self):
        return (self.k + F.log(self.theta) + F.lgamma(self.k)
                + (1.0 - self.k) * F.digamma(self.k))

    def log_prob(self, x):
        x = as_points(x, self.k.dtype)
        logp = ((self.k - 1.0) * F.log(x) - x / self.theta
                - F.lgamma(self.k) - self.k * F.log(self.theta))
        return where_param(array_of(x) >= 0, logp, -float('inf'))

    def sample_n(self, n):
        eps = draw_like(self.k, n, 'gamma', self.k.array)
        return F.broadcast_to(self.theta, eps.shape) * eps


@register_kl(Gamma, Gamma)
def _kl_gamma_gamma(dist1, dist2):
    return ((dist1.k - dist2.k) * F.digamma(dist1.k)
            - F.lgamma(dist1.k) + F.lgamma(dist2.k)
            + dist2.k * (F.log(dist2.theta) - F.log(dist1.theta))
            + dist1.k * (dist1.theta / dist2.theta - 1.0))
