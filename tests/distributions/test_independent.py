import numpy
import pytest
from scipy import stats

import kusari
import kusari.distributions as D
from kusari import testing


class TestIndependentNormalLogProb(testing.FunctionTestCase):
    params = testing.product({'ndims': [0, 1, 2]})
    check_order3 = True

    def generate_inputs(self):
        return (self.uniform(-1, 1, (2, 3)), self.uniform(0.5, 2, (2, 3)),
                self.uniform(-2, 2, (4, 2, 3)))

    def forward(self, inputs, device):
        loc, scale, x = inputs
        return D.Independent(D.Normal(loc, scale), self.ndims).log_prob(x),

    def forward_expected(self, inputs):
        loc, scale, x = inputs
        lp = stats.norm.logpdf(x, loc, scale)
        return lp.sum(axis=tuple(range(-self.ndims, 0))) if self.ndims else lp,


def test_shapes_and_reductions():
    loc, scale = numpy.zeros((4, 5, 3)), numpy.ones((4, 5, 3))
    base = D.Normal(loc, scale)
    d = D.Independent(base)                 # all but the first batch axis
    assert d.batch_shape == (4,) and d.event_shape == (5, 3)
    assert d.reinterpreted_batch_ndims == 2 and d.distribution is base
    assert d.sample((2,)).shape == (2, 4, 5, 3)
    x = numpy.random.default_rng(0).normal(size=(2, 4, 5, 3))
    numpy.testing.assert_allclose(d.log_prob(x).array, base.log_prob(x).array.sum((-2, -1)))
    numpy.testing.assert_allclose(d.prob(x).array, base.prob(x).array.prod((-2, -1)))
    numpy.testing.assert_allclose(d.cdf(x).array, base.cdf(x).array.prod((-2, -1)))
    numpy.testing.assert_allclose(d.log_cdf(x).array, base.log_cdf(x).array.sum((-2, -1)))
    numpy.testing.assert_allclose(d.survival_function(x).array,
                                  base.survival_function(x).array.prod((-2, -1)))
    numpy.testing.assert_allclose(d.log_survival_function(x).array,
                                  base.log_survival_function(x).array.sum((-2, -1)))
    numpy.testing.assert_allclose(d.entropy.array, base.entropy.array.sum((-2, -1)))
    assert d.mean is base.mean and d.variance is base.variance and d.stddev is base.stddev
    assert d.support == 'real' and d.params is not None and d.xp is numpy
    with pytest.raises(RuntimeError, match='not invertible'):
        d.icdf(x)
    with pytest.raises(ValueError, match='reinterpreted_batch_ndims must be less'):
        D.Independent(base, 4)
    assert D.Independent(D.Normal(numpy.zeros(()), numpy.ones(()))).batch_shape == ()


def test_covariance_is_block_diagonal():
    scale = numpy.array([[1.0, 2.0], [0.5, 3.0]])
    d = D.Independent(D.Normal(numpy.zeros((2, 2)), scale), 1)
    numpy.testing.assert_allclose(d.covariance.array,
                                  [numpy.diag(s ** 2) for s in scale])
    tril = numpy.array([[[1.0, 0.0], [0.5, 2.0]], [[3.0, 0.0], [-1.0, 1.0]]])
    mvn = D.MultivariateNormal(numpy.zeros((2, 2)), scale_tril=tril)
    cov = D.Independent(mvn, 1).covariance.array
    blocks = tril @ numpy.swapaxes(tril, -1, -2)
    want = numpy.zeros((4, 4))
    want[:2, :2], want[2:, 2:] = blocks[0], blocks[1]
    numpy.testing.assert_allclose(cov, want)


def test_kl_sums_over_the_reinterpreted_axes(checks):
    p = D.Independent(D.Normal(numpy.zeros((2, 3)), numpy.ones((2, 3))), 1)
    q = D.Independent(D.Normal(numpy.full((2, 3), 0.5), numpy.full((2, 3), 2.0)), 1)
    numpy.testing.assert_allclose(
        kusari.kl_divergence(p, q).array,
        kusari.kl_divergence(p.distribution, q.distribution).array.sum(-1))
    checks.kl_monte_carlo(p, q)
    with pytest.raises(ValueError, match='Event shapes do not match'):
        kusari.kl_divergence(p, D.Independent(q.distribution, 2))
    target = D.Independent(D.Normal(numpy.zeros(3), numpy.ones(3)), 1)
    checks.orders(lambda loc, scale: kusari.kl_divergence(
        D.Independent(D.Normal(loc, scale), 1), target), (numpy.ones(3), numpy.full(3, 1.5)))


def test_kl_needs_the_same_base_event_shapes():
    loc, scale = numpy.zeros((2, 3)), numpy.ones((2, 3))
    p = D.Independent(D.Normal(loc, scale), 2)                       # base event ()
    q = D.Independent(D.Independent(D.Normal(loc, scale), 1), 1)     # base event (3,)
    assert p.event_shape == q.event_shape == (2, 3)
    with pytest.raises(NotImplementedError,
                       match='KL between Independents with different event shapes'):
        kusari.kl_divergence(p, q)
