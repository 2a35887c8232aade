"""The chi-square distribution."""
import math

from kusari import functions as F
from kusari.distributions.utils import (
    ScalarDistribution,
    as_param,
    as_points,
    cached_property,
    constant,
    draw_like,
)

_LOG2 = math.log(2.0)


class Chisquare(ScalarDistribution):
    """Chi-square distribution :math:`p(x) = \\frac{x^{k/2-1}e^{-x/2}}{2^{k/2}\\Gamma(k/2)}`.

    Needs SciPy on the CPU (``lgamma``, ``digamma``). ``sample`` is not reparameterized.

    Parameters
    ----------
    k : Variable or array
        The degrees of freedom :math:`k > 0`, of shape ``batch_shape``.
    """

    _param_names = ('k',)

    def __init__(self, k):
        self.__k = k

    @cached_property
    def k(self):
        return as_param(self.__k)

    @cached_property
    def _half_k(self):
        return 0.5 * self.k

    @property
    def support(self):
        return 'positive'

    @cached_property
    def mean(self):
        return self.k

    @cached_property
    def variance(self):
        return 2.0 * self.k

    @cached_property
    def entropy(self):
        h = self._half_k
        return h + _LOG2 + F.lgamma(h) + (1.0 - h) * F.digamma(h)

    def log_prob(self, x):
        x = as_points(x, self.k.dtype)
        h = self._half_k
        return (h - 1.0) * F.log(x) - 0.5 * x - F.lgamma(h) - h * _LOG2

    def sample_n(self, n):
        return constant(draw_like(self.k, n, 'chisquare', self.k.array))
