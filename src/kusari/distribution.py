"""The base class of probability distributions, and the Kullback-Leibler registry.

:class:`Distribution` is Chainer's interface: a distribution holds its parameters as
Variables, and every method that computes from them (``log_prob``, ``entropy``, ``mean``, a
reparameterized ``sample``, ...) is written with ``kusari.functions``, so it can be
differentiated in the parameters to any order. The concrete distributions live in
:mod:`kusari.distributions`.
"""
import copy
import math

from kusari import backend


class Distribution:
    """Interface of a probability distribution.

    A sample has the shape ``sample_shape + batch_shape + event_shape``: ``batch_shape`` indexes
    independent (not identically distributed) distributions of the batch, set by the shapes of
    the parameters; ``event_shape`` is the shape of one draw of one of them (``()`` for a
    scalar distribution, ``(d,)`` for a d-dimensional one); ``sample_shape`` counts
    independent draws. ``log_prob(x)`` and the other functions of a point take ``x`` of shape
    ``sample_shape + batch_shape + event_shape`` and return ``sample_shape + batch_shape``.

    Subclasses implement what they can of the members below; the rest raise
    :class:`NotImplementedError`. ``prob``, ``stddev``, ``survival_function``, ``log_cdf``
    and ``log_survival_function`` have defaults written with the members they derive from.

    >>> import numpy, kusari.distributions as D
    >>> d = D.Normal(numpy.zeros((4, 3)), numpy.ones((4, 3)))
    >>> d.batch_shape, d.event_shape, d.sample((6, 5)).shape
    ((4, 3), (), (6, 5, 4, 3))
    """

    def _copy_to(self, target):
        target.__dict__ = copy.copy(self.__dict__)
        return target

    @property
    def batch_shape(self):
        """tuple of int: the shape of the batch of independent distributions."""
        raise NotImplementedError

    @property
    def event_shape(self):
        """tuple of int: the shape of one draw of one distribution of the batch."""
        raise NotImplementedError

    @property
    def params(self):
        """dict: the parameters, as Variables, by name."""
        raise NotImplementedError

    @property
    def support(self):
        """str: a description of the set of values the distribution takes."""
        raise NotImplementedError

    @property
    def xp(self):
        """The array module of the parameters (``numpy`` or ``cupy``)."""
        return backend.get_array_module(*[p.array for p in self.params.values()])

    @property
    def mean(self):
        """Variable: the mean, of shape ``batch_shape + event_shape``."""
        raise NotImplementedError

    @property
    def mode(self):
        """Variable: the mode, of shape ``batch_shape + event_shape``."""
        raise NotImplementedError

    @property
    def variance(self):
        """Variable: the variance, of shape ``batch_shape + event_shape``."""
        raise NotImplementedError

    @property
    def stddev(self):
        """Variable: the standard deviation, ``sqrt(variance)`` unless a subclass knows
        better."""
        from kusari.functions.math.sqrt import sqrt
        return sqrt(self.variance)

    @property
    def covariance(self):
        """Variable: the covariance matrix, of shape ``batch_shape + (d, d)``."""
        raise NotImplementedError

    @property
    def entropy(self):
        """Variable: the (differential) entropy, of shape ``batch_shape``."""
        raise NotImplementedError

    def log_prob(self, x):
        """The logarithm of the density (or mass) at ``x``.

        Parameters
        ----------
        x : Variable or array
            Points of shape ``sample_shape + batch_shape + event_shape``.

        Returns
        -------
        Variable
            Of shape ``sample_shape + batch_shape``.
        """
        raise NotImplementedError

    def prob(self, x):
        """The density (or mass) at ``x``: ``exp(log_prob(x))`` unless a subclass knows
        better.

        Parameters
        ----------
        x : Variable or array
            Points of shape ``sample_shape + batch_shape + event_shape``.

        Returns
        -------
        Variable
            Of shape ``sample_shape + batch_shape``.
        """
        from kusari.functions.math.exponential import exp
        return exp(self.log_prob(x))

    def cdf(self, x):
        """The cumulative distribution function at ``x``.

        Parameters
        ----------
        x : Variable or array
            Points of shape ``sample_shape + batch_shape + event_shape``.

        Returns
        -------
        Variable
            Of shape ``sample_shape + batch_shape``.
        """
        raise NotImplementedError

    def log_cdf(self, x):
        """The logarithm of :meth:`cdf` (``log(cdf(x))`` unless a subclass knows better).

        Parameters
        ----------
        x : Variable or array
            Points of shape ``sample_shape + batch_shape + event_shape``.

        Returns
        -------
        Variable
            Of shape ``sample_shape + batch_shape``.
        """
        from kusari.functions.math.exponential import log
        return log(self.cdf(x))

    def survival_function(self, x):
        """The survival function ``1 - cdf(x)`` (unless a subclass knows better).

        Parameters
        ----------
        x : Variable or array
            Points of shape ``sample_shape + batch_shape + event_shape``.

        Returns
        -------
        Variable
            Of shape ``sample_shape + batch_shape``.
        """
        return 1.0 - self.cdf(x)

    def log_survival_function(self, x):
        """The logarithm of :meth:`survival_function`.

        Parameters
        ----------
        x : Variable or array
            Points of shape ``sample_shape + batch_shape + event_shape``.

        Returns
        -------
        Variable
            Of shape ``sample_shape + batch_shape``.
        """
        from kusari.functions.math.exponential import log
        return log(self.survival_function(x))

    def icdf(self, x):
        """The inverse of :meth:`cdf` (the quantile function) at probabilities ``x``.

        Parameters
        ----------
        x : Variable or array
            Probabilities in ``[0, 1]``, of shape ``sample_shape + batch_shape``.

        Returns
        -------
        Variable
            Of shape ``sample_shape + batch_shape``.
        """
        raise NotImplementedError

    def perplexity(self, x):
        """The perplexity at ``x`` (implemented by :class:`~kusari.distributions.Independent`
        over a base that has one).

        Parameters
        ----------
        x : Variable or array
            Points of shape ``sample_shape + batch_shape + event_shape``.

        Returns
        -------
        Variable
            Of shape ``sample_shape + batch_shape``.
        """
        raise NotImplementedError

    def sample(self, sample_shape=()):
        """Draw ``sample_shape`` independent samples of every distribution of the batch.

        Subclasses implement :meth:`sample_n`; this reshapes its result. Where the
        distribution is reparameterized (its ``sample_n`` is a differentiable function of the
        parameters and of parameter-free noise), the result is connected to the parameters.

        Parameters
        ----------
        sample_shape : int or tuple of int
            The number (an int) or the shape of the independent draws.

        Returns
        -------
        Variable
            Of shape ``sample_shape + batch_shape + event_shape``.
        """
        if isinstance(sample_shape, int):
            sample_shape = (sample_shape,)
        sample_shape = tuple(sample_shape)
        return self.sample_n(math.prod(sample_shape)).reshape(
            sample_shape + self.batch_shape + self.event_shape)

    def sample_n(self, n):
        """Draw ``n`` independent samples of every distribution of the batch.

        Parameters
        ----------
        n : int
            The number of draws.

        Returns
        -------
        Variable
            Of shape ``(n,) + batch_shape + event_shape``.
        """
        raise NotImplementedError


_KLDIVERGENCE = {}


def register_kl(Dist1, Dist2):
    """Decorator registering the function that computes ``KL(dist1 || dist2)``.

    :func:`kl_divergence` calls the function registered for the types of its arguments (or,
    failing an exact match, for their closest base classes).

    Parameters
    ----------
    Dist1, Dist2 : type
        Subclasses of :class:`Distribution`, the types of the first and second argument.

    Returns
    -------
    callable
        The decorator; it registers ``f(dist1, dist2) -> Variable`` and returns it unchanged.

    >>> import kusari
    >>> class Coin(kusari.Distribution):
    ...     pass
    >>> @kusari.register_kl(Coin, Coin)
    ... def _kl_coin_coin(p, q):
    ...     return 0.0
    >>> kusari.kl_divergence(Coin(), Coin())
    0.0
    """
    def decorator(kl):
        _KLDIVERGENCE[Dist1, Dist2] = kl
        return kl
    return decorator


def _lookup_kl(type1, type2):
    kl = _KLDIVERGENCE.get((type1, type2))
    if kl is not None:
        return kl
    best = None
    for i, t1 in enumerate(type1.__mro__):
        for j, t2 in enumerate(type2.__mro__):
            f = _KLDIVERGENCE.get((t1, t2))
            if f is not None and (best is None or i + j < best[0]):
                best = (i + j, f)
    if best is None:
        raise KeyError('no KL divergence is registered for ({}, {}): register one with '
                       'kusari.register_kl'.format(type1.__name__, type2.__name__))
    return best[1]


def kl_divergence(dist1, dist2):
    """The Kullback-Leibler divergence :math:`D_{KL}(p \\| q) = E_p[\\log p(x) - \\log q(x)]`.

    Parameters
    ----------
    dist1 : Distribution
        :math:`p`, the first argument.
    dist2 : Distribution
        :math:`q`, of the same batch and event shapes.

    Returns
    -------
    Variable
        Of shape ``batch_shape``, differentiable in the parameters of both.

    Raises
    ------
    KeyError
        If no function is registered (:func:`register_kl`) for the pair of types.

    >>> import numpy, kusari, kusari.distributions as D
    >>> p = D.Normal(numpy.array([0.]), numpy.array([1.]))
    >>> q = D.Normal(numpy.array([1.]), numpy.array([1.]))
    >>> kusari.kl_divergence(p, q).array
    array([0.5])
    """
    import kusari.distributions  # noqa: F401 - registers the built-in pairs
    return _lookup_kl(type(dist1), type(dist2))(dist1, dist2)


def cross_entropy(dist1, dist2):
    """The cross entropy :math:`H(p, q) = -E_p[\\log q(x)] = H(p) + D_{KL}(p \\| q)`.

    Needs ``dist1.entropy`` and a registered :func:`kl_divergence` of the pair. (Chainer
    7.8.1 calls ``dist1.entropy()`` here, which fails for its own distributions, whose
    ``entropy`` is a property; kusari reads the property.)

    Parameters
    ----------
    dist1 : Distribution
        :math:`p`.
    dist2 : Distribution
        :math:`q`, of the same batch and event shapes.

    Returns
    -------
    Variable
        Of shape ``batch_shape``.
    """
    return dist1.entropy + kl_divergence(dist1, dist2)
