"""The continuous uniform distribution."""
import numpy

from kusari import functions as F
from kusari.distribution import Distribution, register_kl
from kusari.distributions.utils import (
    array_of,
    as_param,
    as_points,
    cached_property,
    draw_like,
    where_param,
)


class Uniform(Distribution):
    """Uniform distribution on :math:`[l, h]`: :math:`p(x) = 1 / (h - l)` there, 0 elsewhere.

    Given by ``low`` and ``high``, or by ``loc`` (:math:`= l`) and ``scale``
    (:math:`= h - l`). ``sample`` is reparameterized (``loc + scale * u``).

    Parameters
    ----------
    low, high : Variable or array, optional
        The bounds :math:`l < h`, of shape ``batch_shape``.
    loc, scale : Variable or array, optional
        The lower bound and the width instead (exactly one of the pairs is given).

    Raises
    ------
    ValueError
        Unless exactly one of the pairs ``(low, high)`` and ``(loc, scale)`` is given.
    """

    def __init__(self, low=None, high=None, loc=None, scale=None):
        self._use_low_high = low is not None and high is not None
        self._use_loc_scale = loc is not None and scale is not None
        if self._use_low_high == self._use_loc_scale:
            raise ValueError(
                'Either `low, high` or `loc, scale` (not both) must have a value.')
        self.__low = low
        self.__high = high
        self.__loc = loc
        self.__scale = scale

    @cached_property
    def low(self):
        return as_param(self.__low) if self._use_low_high else self.loc

    @cached_property
    def high(self):
        return as_param(self.__high) if self._use_low_high else self.loc + self.scale

    @cached_property
    def loc(self):
        return as_param(self.__loc) if self._use_loc_scale else self.low

    @cached_property
    def scale(self):
        return as_param(self.__scale) if self._use_loc_scale else self.high - self.low

    @property
    def batch_shape(self):
        return self.low.shape

    @property
    def event_shape(self):
        return ()

    @property
    def params(self):
        if self._use_low_high:
            return {'low': self.low, 'high': self.high}
        return {'loc': self.loc, 'scale': self.scale}

    @property
    def support(self):
        return '[low, high]'

    @cached_property
    def mean(self):
        return (self.low + self.high) * 0.5

    @cached_property
    def variance(self):
        return self.scale ** 2 / 12.0

    @cached_property
    def stddev(self):
        return F.sqrt(self.variance)

    @cached_property
    def entropy(self):
        return F.log(self.scale)

    def log_prob(self, x):
        xa = array_of(as_points(x, self.low.dtype))
        inside = (xa >= self.low.array) & (xa <= self.high.array)
        logp = -F.log(self.scale)
        return where_param(inside, F.broadcast_to(logp, numpy.broadcast_shapes(
            inside.shape, logp.shape)), -float('inf'))

    def cdf(self, x):
        return F.clip((as_points(x, self.low.dtype) - self.loc) / self.scale, 0.0, 1.0)

    def icdf(self, x):
        return as_points(x, self.low.dtype) * self.scale + self.loc

    def sample_n(self, n):
        u = draw_like(self.low, n, 'uniform', 0.0, 1.0)
        return self.icdf(u)


@register_kl(Uniform, Uniform)
def _kl_uniform_uniform(dist1, dist2):
    outside = (dist1.high.array > dist2.high.array) | (dist1.low.array < dist2.low.array)
    kl = F.log(dist2.scale) - F.log(dist1.scale)
    return where_param(~outside, kl, float('inf'))
