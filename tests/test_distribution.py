import numpy
import pytest

import chainer
import kusari
import kusari.distributions as D
from kusari.distribution import Distribution


def test_public_names():
    assert kusari.Distribution is Distribution
    assert chainer.distributions is kusari.distributions
    assert chainer.kl_divergence is kusari.kl_divergence is D.kl_divergence
    assert chainer.register_kl is kusari.register_kl
    assert chainer.cross_entropy is kusari.cross_entropy
    names = ['Bernoulli', 'Beta', 'Categorical', 'Cauchy', 'Chisquare', 'Dirichlet',
             'Exponential', 'Gamma', 'Geometric', 'Gumbel', 'Independent', 'Laplace',
             'LogNormal', 'MultivariateNormal', 'Normal', 'OneHotCategorical', 'Pareto',
             'Poisson', 'Uniform']
    for name in names:
        assert issubclass(getattr(D, name), Distribution), name


def test_base_members_raise_not_implemented():
    d = Distribution()
    for name in ['batch_shape', 'event_shape', 'params', 'support', 'mean', 'mode',
                 'variance', 'covariance', 'entropy']:
        with pytest.raises(NotImplementedError):
            getattr(d, name)
    for name in ['log_prob', 'cdf', 'icdf', 'perplexity']:
        with pytest.raises(NotImplementedError):
            getattr(d, name)(numpy.zeros(1))
    with pytest.raises(NotImplementedError):
        d.sample_n(1)


class _Coin(Distribution):
    """A minimal subclass: only log_prob, cdf and variance, to check the defaults."""

    def __init__(self, p):
        self.p = kusari.as_variable(p)

    @property
    def batch_shape(self):
        return self.p.shape

    @property
    def event_shape(self):
        return ()

    @property
    def params(self):
        return {'p': self.p}

    @property
    def variance(self):
        return self.p * (1.0 - self.p)

    def log_prob(self, x):
        return kusari.functions.log(x * self.p + (1.0 - x) * (1.0 - self.p))

    def cdf(self, x):
        return (1.0 - self.p) * (x >= 0).astype(float) + self.p * (x >= 1).astype(float)

    def sample_n(self, n):
        return kusari.Variable(
            (numpy.random.uniform(size=(n,) + self.p.shape) < self.p.array) * 1.0)


def test_defaults_are_derived_from_the_subclass():
    c = _Coin(numpy.array([0.25, 0.5]))
    x = numpy.array([1.0, 0.0])
    numpy.testing.assert_allclose(c.prob(x).array, [0.25, 0.5])
    numpy.testing.assert_allclose(c.stddev.array, numpy.sqrt([0.1875, 0.25]))
    numpy.testing.assert_allclose(c.survival_function(numpy.array([0.0, 0.0])).array,
                                  [0.25, 0.5])
    numpy.testing.assert_allclose(c.log_cdf(numpy.array([0.0, 1.0])).array,
                                  numpy.log([0.75, 1.0]))
    numpy.testing.assert_allclose(c.log_survival_function(numpy.array([0.0, 0.0])).array,
                                  numpy.log([0.25, 0.5]))
    assert c.xp is numpy
    assert c.sample((3, 4)).shape == (3, 4, 2) and c.sample(5).shape == (5, 2)


def test_register_kl_and_lookup_through_subclasses():
    class Sub(_Coin):
        pass

    @kusari.register_kl(_Coin, _Coin)
    def _kl(p, q):
        return 'coin-coin'

    assert _kl.__name__ == '_kl'          # the decorator returns the function
    c = _Coin(numpy.array([0.5]))
    assert kusari.kl_divergence(c, c) == 'coin-coin'
    assert kusari.kl_divergence(Sub(numpy.array([0.5])), c) == 'coin-coin'

    @kusari.register_kl(Sub, _Coin)
    def _kl_sub(p, q):
        return 'sub-coin'
    assert kusari.kl_divergence(Sub(numpy.array([0.5])), c) == 'sub-coin'
    with pytest.raises(KeyError, match=r'no KL divergence is registered for \(_Coin, Normal\)'):
        kusari.kl_divergence(c, D.Normal(numpy.zeros(1), numpy.ones(1)))


def test_cross_entropy_is_entropy_plus_kl():
    p = D.Categorical(numpy.array([0.2, 0.3, 0.5]))
    q = D.Categorical(numpy.array([0.4, 0.4, 0.2]))
    want = -(p.p.array * numpy.log(q.p.array)).sum()
    numpy.testing.assert_allclose(kusari.cross_entropy(p, q).array, want)


def test_distributions_work_on_variables_and_differentiate():
    loc = kusari.Variable(numpy.array([0.5]))
    scale = kusari.Variable(numpy.array([2.0]))
    lp = D.Normal(loc, scale).log_prob(numpy.array([1.0]))
    gl, gs = kusari.grad([lp], [loc, scale], [numpy.ones(1)])
    numpy.testing.assert_allclose(gl.array, [(1.0 - 0.5) / 4.0])
    numpy.testing.assert_allclose(gs.array, [-1 / 2.0 + 0.25 / 8.0])
