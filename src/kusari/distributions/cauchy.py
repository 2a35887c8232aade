"""The Cauchy distribution."""
import math
import warnings

from kusari import backend
from kusari import functions as F
from kusari.distributions.utils import (
    LocScaleDistribution,
    as_param,
    as_points,
    cached_property,
)


class Cauchy(LocScaleDistribution):
    """Cauchy distribution :math:`p(x) = \\frac{1}{\\pi}\\frac{\\gamma}{(x - x_0)^2 +
    \\gamma^2}`.

    Its mean and variance are undefined (NaN, with a RuntimeWarning). ``sample`` is
    reparameterized (``loc + scale * eps``).

    Parameters
    ----------
    loc : Variable or array
        The location :math:`x_0`, of shape ``batch_shape``.
    scale : Variable or array
        The scale :math:`\\gamma > 0`, of the shape of ``loc``.
    """

    _standard_draw = 'standard_cauchy'

    def _undefined(self, what):
        warnings.warn('{} of the cauchy distribution is undefined.'.format(what),
                      RuntimeWarning)
        xp = backend.get_array_module(self.loc.array)
        return as_param(xp.full_like(self.loc.array, float('nan')))

    @cached_property
    def mean(self):
        return self._undefined('Mean')

    @cached_property
    def variance(self):
        return self._undefined('Variance')

    @cached_property
    def entropy(self):
        return F.log(self.scale * (4 * math.pi))

    def log_prob(self, x):
        d = as_points(x, self.loc.dtype) - self.loc
        return F.log(self.scale) - F.log(d * d + self.scale ** 2) - math.log(math.pi)

    def cdf(self, x):
        return F.arctan(self._z(x)) / math.pi + 0.5

    def icdf(self, x):
        x = as_points(x, self.loc.dtype)
        return self.loc + self.scale * F.tan((x - 0.5) * math.pi)
