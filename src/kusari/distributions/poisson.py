"""The Poisson distribution."""
from kusari import backend
from kusari import functions as F
from kusari.distribution import register_kl
from kusari.distributions.utils import (
    ScalarDistribution,
    array_of,
    as_param,
    cached_property,
    constant,
    draw_like,
)
from kusari.utils import force_array


class Poisson(ScalarDistribution):
    """Poisson distribution :math:`P(x) = \\frac{\\lambda^x e^{-\\lambda}}{x!}`,
    :math:`x = 0, 1, \\ldots`

    ``log_prob`` needs SciPy on the CPU (``lgamma``). Samples are floats of ``lam``'s dtype
    (not differentiable).

    Parameters
    ----------
    lam : Variable or array
        The rate :math:`\\lambda > 0`, of shape ``batch_shape``.
    """

    _param_names = ('lam',)

    def __init__(self, lam):
        self.__lam = lam

    @cached_property
    def lam(self):
        return as_param(self.__lam)

    @cached_property
    def _log_lam(self):
        return F.log(self.lam)

    @property
    def support(self):
        return 'non negative integer'

    @cached_property
    def mean(self):
        return self.lam

    @cached_property
    def variance(self):
        return self.lam

    def log_prob(self, x):
        x = force_array(backend.get_array_module(array_of(x)).asarray(
            array_of(x), dtype=self.lam.dtype))
        return x * self._log_lam - F.lgamma(force_array(x + 1.0)) - self.lam

    def sample_n(self, n):
        return constant(draw_like(self.lam, n, 'poisson', self.lam.array))


@register_kl(Poisson, Poisson)
def _kl_poisson_poisson(dist1, dist2):
    return dist1.lam * (dist1._log_lam - dist2._log_lam) - dist1.lam + dist2.lam
