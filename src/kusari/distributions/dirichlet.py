"""The Dirichlet distribution."""
import numpy

from kusari import backend
from kusari import functions as F
from kusari.distribution import Distribution, register_kl
from kusari.distributions.utils import as_param, as_points, cached_property, constant


def _lbeta(alpha):
    return F.sum(F.lgamma(alpha), axis=-1) - F.lgamma(F.sum(alpha, axis=-1))


class Dirichlet(Distribution):
    """Dirichlet distribution :math:`p(x) = \\frac{\\Gamma(\\sum_i \\alpha_i)}{\\prod_i
    \\Gamma(\\alpha_i)} \\prod_i x_i^{\\alpha_i - 1}` on the simplex.

    Needs SciPy on the CPU (``lgamma``, ``digamma``). ``sample`` is not reparameterized (it
    normalizes gamma draws).

    Parameters
    ----------
    alpha : Variable or array
        Concentrations :math:`\\alpha_i > 0`, of shape ``batch_shape + (k,)``.
    """

    def __init__(self, alpha):
        self.__alpha = alpha

    @cached_property
    def alpha(self):
        return as_param(self.__alpha)

    @cached_property
    def alpha0(self):
        return F.sum(self.alpha, axis=-1)

    @cached_property
    def _alpha0_expanded(self):
        return F.expand_dims(self.alpha0, axis=-1)

    @property
    def batch_shape(self):
        return self.alpha.shape[:-1]

    @property
    def event_shape(self):
        return self.alpha.shape[-1:]

    @property
    def params(self):
        return {'alpha': self.alpha}

    @property
    def support(self):
        return '[0, 1]'

    @cached_property
    def mean(self):
        return self.alpha / self._alpha0_expanded

    @cached_property
    def variance(self):
        a0 = self._alpha0_expanded
        return self.alpha * (a0 - self.alpha) / (a0 * a0 * (a0 + 1.0))

    @cached_property
    def entropy(self):
        k = self.event_shape[0]
        return (_lbeta(self.alpha) + (self.alpha0 - k) * F.digamma(self.alpha0)
                - F.sum((self.alpha - 1.0) * F.digamma(self.alpha), axis=-1))

    def log_prob(self, x):
        x = as_points(x, self.alpha.dtype)
        return F.sum((self.alpha - 1.0) * F.log(x), axis=-1) - _lbeta(self.alpha)

    def sample_n(self, n):
        xp = backend.get_array_module(self.alpha.array)
        g = xp.random.gamma(self.alpha.array.astype(numpy.float64), 1.0,
                            (n,) + self.alpha.shape)
        return constant((g / g.sum(axis=-1, keepdims=True)).astype(self.alpha.dtype))


@register_kl(Dirichlet, Dirichlet)
def _kl_dirichlet_dirichlet(dist1, dist2):
    return (_lbeta(dist2.alpha) - _lbeta(dist1.alpha)
            + F.sum((dist1.alpha - dist2.alpha)
                    * (F.digamma(dist1.alpha) - F.digamma(dist1._alpha0_expanded)),
                    axis=-1))
