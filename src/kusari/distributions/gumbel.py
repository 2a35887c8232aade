"""The Gumbel distribution."""
import math

from kusari import functions as F
from kusari.distribution import register_kl
from kusari.distributions.utils import (
    LocScaleDistribution,
    cached_property,
)

EULER = 0.57721566490153286060651209008240243104215933593992


class Gumbel(LocScaleDistribution):
    """Gumbel distribution :math:`p(x) = \\frac{1}{\\eta} e^{-z - e^{-z}}`,
    :math:`z = (x - \\mu) / \\eta`.

    ``sample`` is reparameterized (``loc + scale * eps``). The KL divergence needs SciPy on
    the CPU (``lgamma``).

    Parameters
    ----------
    loc : Variable or array
        The location :math:`\\mu`, of shape ``batch_shape``.
    scale : Variable or array
        The scale :math:`\\eta > 0`, of the shape of ``loc``.
    """

    _standard_draw = 'gumbel'

    @cached_property
    def _log_scale(self):
        return F.log(self.scale)

    @cached_property
    def mean(self):
        return self.loc + EULER * self.scale

    @cached_property
    def variance(self):
        return (math.pi ** 2 / 6) * self.scale ** 2

    @cached_property
    def entropy(self):
        return self._log_scale + (EULER + 1.0)

    def log_prob(self, x):
        z = self._z(x)
        return -self._log_scale - z - F.exp(-z)


@register_kl(Gumbel, Gumbel)
def _kl_gumbel_gumbel(dist1, dist2):
    r = dist1.scale / dist2.scale
    return (dist2._log_scale - dist1._log_scale + EULER * (r - 1.0)
            + F.exp((dist2.loc - dist1.loc) / dist2.scale + F.lgamma(r + 1.0))
            - 1.0 + (dist1.loc - dist2.loc) / dist2.scale)
