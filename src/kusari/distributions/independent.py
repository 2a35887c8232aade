"""Independent: reinterpret batch dimensions of a distribution as event dimensions."""
import numpy

from kusari import functions as F
from kusari.distribution import Distribution, kl_divergence, register_kl
from kusari.distributions.utils import cached_property


def _size(shape):
    return int(numpy.prod(shape, dtype=numpy.int64))


class Independent(Distribution):
    """The distribution of the rightmost ``reinterpreted_batch_ndims`` batch dimensions of
    ``distribution`` taken together as one event (independent components).

    ``log_prob``, ``log_cdf``, ``log_survival_function`` and ``entropy`` sum over the
    reinterpreted dimensions, ``prob``, ``cdf``, ``survival_function`` and ``perplexity``
    multiply; ``mean``, ``variance``, ``stddev``, ``mode``, ``support`` and ``sample`` are
    the base distribution's.

    Parameters
    ----------
    distribution : Distribution
        The base distribution.
    reinterpreted_batch_ndims : int, optional
        How many rightmost batch dimensions become event dimensions; by default all but the
        first.

    Raises
    ------
    ValueError
        If ``reinterpreted_batch_ndims`` exceeds the number of batch dimensions.
    """

    def __init__(self, distribution, reinterpreted_batch_ndims=None):
        batch_shape = tuple(distribution.batch_shape)
        if reinterpreted_batch_ndims is None:
            reinterpreted_batch_ndims = max(0, len(batch_shape) - 1)
        elif reinterpreted_batch_ndims > len(batch_shape):
            raise ValueError(
                'reinterpreted_batch_ndims must be less than or equal to the number of '
                'dimensions of `distribution.batch_shape`.')
        self.__distribution = distribution
        self.__reinterpreted_batch_ndims = reinterpreted_batch_ndims
        split = len(batch_shape) - reinterpreted_batch_ndims
        self.__batch_shape = batch_shape[:split]
        self.__event_shape = batch_shape[split:] + tuple(distribution.event_shape)

    @property
    def distribution(self):
        """Distribution: the base distribution."""
        return self.__distribution

    @property
    def reinterpreted_batch_ndims(self):
        """int: the number of batch dimensions of the base taken as event dimensions."""
        return self.__reinterpreted_batch_ndims

    @property
    def batch_shape(self):
        return self.__batch_shape

    @property
    def event_shape(self):
        return self.__event_shape

    @property
    def params(self):
        return self.distribution.params

    @property
    def support(self):
        return self.distribution.support

    @property
    def xp(self):
        return self.distribution.xp

    @property
    def mean(self):
        return self.distribution.mean

    @property
    def mode(self):
        return self.distribution.mode

    @property
    def variance(self):
        return self.distribution.variance

    @property
    def stddev(self):
        return self.distribution.stddev

    @cached_property
    def covariance(self):
        """The block-diagonal covariance of the flattened event, of shape
        ``batch_shape + (m * d, m * d)``: ``m`` blocks, one per reinterpreted component, each
        the base's covariance (a scalar base's variance, ``d = 1``)."""
        base = self.distribution
        n = self.reinterpreted_batch_ndims
        m = _size(base.batch_shape[len(base.batch_shape) - n:])
        if tuple(base.event_shape) == ():
            d = 1
            blocks = F.reshape(base.variance, self.batch_shape + (m, 1, 1))
        else:
            d = _size(base.event_shape)
            blocks = F.reshape(base.covariance, self.batch_shape + (m, d, d))
        xp = self.xp
        # (batch, m, d, d) -> (batch, m, d, m, d) with block j on the diagonal j == i
        expanded = F.broadcast_to(F.expand_dims(blocks, -2),
                                  self.batch_shape + (m, d, m, d))
        eye = xp.eye(m, dtype=blocks.dtype)[:, None, :, None]
        k = len(self.batch_shape)
        full = F.transpose(expanded, tuple(range(k)) + (k + 2, k + 1, k, k + 3))
        return F.reshape(full * eye, self.batch_shape + (m * d, m * d))

    def _reduce(self, op, stat):
        n = self.reinterpreted_batch_ndims
        if n == 0:
            return stat
        return op(stat, axis=tuple(range(-n, 0)))

    @property
    def entropy(self):
        return self._reduce(F.sum, self.distribution.entropy)

    def log_prob(self, x):
        return self._reduce(F.sum, self.distribution.log_prob(x))

    def prob(self, x):
        return self._reduce(F.prod, self.distribution.prob(x))

    def cdf(self, x):
        return self._reduce(F.prod, self.distribution.cdf(x))

    def log_cdf(self, x):
        return self._reduce(F.sum, self.distribution.log_cdf(x))

    def survival_function(self, x):
        return self._reduce(F.prod, self.distribution.survival_function(x))

    def log_survival_function(self, x):
        return self._reduce(F.sum, self.distribution.log_survival_function(x))

    def perplexity(self, x):
        return self._reduce(F.prod, self.distribution.perplexity(x))

    def icdf(self, x):
        """Not defined: the distribution function of a multivariate event is not invertible.

        Raises
        ------
        RuntimeError
            Always.
        """
        raise RuntimeError('Cumulative distribution function for multivariate variable '
                           'is not invertible.')

    def sample_n(self, n):
        return self.distribution.sample_n(n)


@register_kl(Independent, Independent)
def _kl_independent_independent(dist1, dist2):
    """``KL`` of the base distributions, summed over the reinterpreted dimensions."""
    p, q = dist1.distribution, dist2.distribution
    if dist1.event_shape != dist2.event_shape:
        raise ValueError('Event shapes do not match.')
    if p.event_shape != q.event_shape:
        raise NotImplementedError(
            'KL between Independents with different event shapes not supported.')
    n_axes = len(dist1.event_shape) - len(p.event_shape)
    kl = kl_divergence(p, q)
    if n_axes == 0:
        return kl
    return F.sum(kl, axis=tuple(range(-n_axes, 0)))
