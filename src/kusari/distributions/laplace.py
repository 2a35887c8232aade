"""The Laplace distribution."""
import math

from kusari import functions as F
from kusari.distribution import register_kl
from kusari.distributions.utils import (
    LocScaleDistribution,
    as_points,
    cached_property,
)
from kusari.variable import as_variable


def _laplace_cdf(x):
    """The standard Laplace distribution function :math:`\\frac12 - \\frac12
    \\mathrm{sign}(x)\\,\\mathrm{expm1}(-|x|)` (differentiable to every order for x != 0)."""
    return 0.5 - 0.5 * F.sign(x) * F.expm1(-abs(as_variable(x)))


def _laplace_icdf(x):
    """The inverse of :func:`_laplace_cdf`: :math:`\\mathrm{sign}(h)\\log(1 - |h|)`,
    :math:`h = 1 - 2x`."""
    h = 1.0 - 2.0 * as_variable(x)
    return F.sign(h) * F.log1p(-abs(h))


class Laplace(LocScaleDistribution):
    """Laplace distribution :math:`p(x) = \\frac{1}{2b} e^{-|x - \\mu| / b}`.

    ``sample`` is reparameterized (``loc + scale * eps``).

    Parameters
    ----------
    loc : Variable or array
        The location :math:`\\mu`, of shape ``batch_shape``.
    scale : Variable or array
        The scale :math:`b > 0`, of the shape of ``loc``.
    """

    _standard_draw = 'laplace'

    @cached_property
    def mean(self):
        return self.loc

    @cached_property
    def mode(self):
        return self.loc

    @cached_property
    def variance(self):
        return 2.0 * self.scale ** 2

    @cached_property
    def stddev(self):
        return math.sqrt(2.0) * self.scale

    @cached_property
    def entropy(self):
        return 1.0 + F.log(2.0 * self.scale)

    def log_prob(self, x):
        x = as_points(x, self.loc.dtype)
        return -F.log(2.0 * self.scale) - abs(x - self.loc) / self.scale

    def prob(self, x):
        x = as_points(x, self.loc.dtype)
        return (0.5 / self.scale) * F.exp(-abs(x - self.loc) / self.scale)

    def cdf(self, x):
        return _laplace_cdf(self._z(x))

    def icdf(self, x):
        return self.loc + self.scale * _laplace_icdf(as_points(x, self.loc.dtype))


@register_kl(Laplace, Laplace)
def _kl_laplace_laplace(dist1, dist2):
    diff = abs(dist1.loc - dist2.loc)
    return (F.log(dist2.scale) - F.log(dist1.scale) + diff / dist2.scale
            + dist1.scale / dist2.scale * F.exp(-diff / dist1.scale) - 1.0)
