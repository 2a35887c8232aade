"""The beta distribution."""
from kusari import functions as F
from kusari.distribution import register_kl
from kusari.distributions.utils import (
    ScalarDistribution,
    array_of,
    as_param,
    as_points,
    cached_property,
    constant,
    draw_like,
    where_param,
)


def _lbeta(a, b):
    return F.lgamma(a) + F.lgamma(b) - F.lgamma(a + b)


class Beta(ScalarDistribution):
    """Beta distribution :math:`p(x) = \\frac{x^{\\alpha-1}(1-x)^{\\beta-1}}{B(\\alpha,\\beta)}`
    on :math:`[0, 1]`.

    Needs SciPy on the CPU (``lgamma``, ``digamma``). ``sample`` is not reparameterized (it
    carries no gradient).

    Parameters
    ----------
    a : Variable or array
        :math:`\\alpha > 0`, of shape ``batch_shape``.
    b : Variable or array
        :math:`\\beta > 0`, of the shape of ``a``.
    """

    _param_names = ('a', 'b')

    def __init__(self, a, b):
        self.__a = a
        self.__b = b

    @cached_property
    def a(self):
        return as_param(self.__a)

    @cached_property
    def b(self):
        return as_param(self.__b)

    @cached_property
    def _a_plus_b(self):
        return self.a + self.b

    @property
    def support(self):
        return '[0, 1]'

    @cached_property
    def mean(self):
        return self.a / self._a_plus_b

    @cached_property
    def variance(self):
        apb = self._a_plus_b
        return self.a * self.b / (apb * apb * (apb + 1.0))

    @cached_property
    def entropy(self):
        apb = self._a_plus_b
        return (_lbeta(self.a, self.b)
                - (self.a - 1.0) * F.digamma(self.a)
                - (self.b - 1.0) * F.digamma(self.b)
                + (apb - 2.0) * F.digamma(apb))

    def log_prob(self, x):
        x = as_points(x, self.a.dtype)
        logp = ((self.a - 1.0) * F.log(x) + (self.b - 1.0) * F.log1p(-x)
                - _lbeta(self.a, self.b))
        xa = array_of(x)
        return where_param((xa >= 0) & (xa <= 1), logp, -float('inf'))

    def sample_n(self, n):
        return constant(draw_like(self.a, n, 'beta', self.a.array, self.b.array))


@register_kl(Beta, Beta)
def _kl_beta_beta(dist1, dist2):
    return (_lbeta(dist2.a, dist2.b) - _lbeta(dist1.a, dist1.b)
            + (dist1.a - dist2.a) * F.digamma(dist1.a)
            + (dist1.b - dist2.b) * F.digamma(dist1.b)
            + (dist2._a_plus_b - dist1._a_plus_b) * F.digamma(dist1._a_plus_b))
