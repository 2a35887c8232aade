"""The categorical distribution over one-hot vectors."""
import numpy

from kusari import backend
from kusari import functions as F
from kusari.distribution import Distribution, register_kl
from kusari.distributions.categorical import kl_over_last_axis, sample_indices
from kusari.distributions.utils import array_of, as_param, as_points, cached_property, constant


class OneHotCategorical(Distribution):
    """Categorical distribution whose events are one-hot vectors of length ``k``:
    :math:`P(x = e_i) = p_i`.

    Samples are one-hot float vectors of ``p``'s dtype (not differentiable).

    Parameters
    ----------
    p : Variable or array
        Probabilities of shape ``batch_shape + (k,)``, summing to 1 over the last axis.
    """

    def __init__(self, p):
        self.__p = p

    @cached_property
    def p(self):
        return as_param(self.__p)

    @cached_property
    def log_p(self):
        return F.log(self.p)

    @property
    def batch_shape(self):
        return self.p.shape[:-1]

    @property
    def event_shape(self):
        return self.p.shape[-1:]

    @property
    def params(self):
        return {'p': self.p}

    @cached_property
    def mean(self):
        return self.p

    @cached_property
    def variance(self):
        return self.p * (1.0 - self.p)

    def log_prob(self, x):
        x = as_points(x, self.p.dtype)
        with numpy.errstate(invalid='ignore'):   # 0 * -inf, masked below
            terms = self.log_p * x
        xp = backend.get_array_module(terms.array)
        # a zero probability that x does not select contributes 0, not 0 * -inf (the
        # gradient in x stays log(p) elsewhere, e.g. for relaxed one-hot points)
        keep = (self.p.array > 0) | (array_of(x) != 0)
        if not keep.all():
            terms = F.where(xp.broadcast_to(keep, terms.shape), terms,
                            xp.zeros((), terms.dtype))
        return F.sum(terms, axis=-1)

    def sample_n(self, n):
        xp = backend.get_array_module(self.p.array)
        idx = sample_indices(xp, self.p.array, n)
        return constant(xp.eye(self.event_shape[0], dtype=self.p.dtype)[idx])


@register_kl(OneHotCategorical, OneHotCategorical)
def _kl_one_hot_categorical_one_hot_categorical(dist1, dist2):
    return kl_over_last_axis(dist1, dist2)
