import numpy
import pytest
from scipy import special, stats

import kusari
import kusari.distributions as D
from kusari import testing
from kusari.distributions import bernoulli


class TestBernoulliLogProb(testing.FunctionTestCase):
    params = testing.product({'shape': [(3, 2), ()], 'by': ['p', 'logit']})
    check_order3 = True

    def generate_inputs(self):
        lo, hi = (0.1, 0.9) if self.by == 'p' else (-3, 3)
        return self.uniform(lo, hi, self.shape), self.rng.integers(0, 2, self.shape)

    def forward(self, inputs, device):
        theta, x = inputs
        return D.Bernoulli(**{self.by: theta}).log_prob(x),

    def forward_expected(self, inputs):
        theta, x = inputs
        p = theta if self.by == 'p' else special.expit(theta)
        return stats.bernoulli.logpmf(x, p),


class TestBernoulliEntropy(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(0.1, 0.9, (3, 2)),

    def forward(self, inputs, device):
        return D.Bernoulli(inputs[0]).entropy,

    def forward_expected(self, inputs):
        return stats.bernoulli.entropy(inputs[0]),


class TestBernoulliKL(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-2, 2, (4,)), self.uniform(-2, 2, (4,))

    def forward(self, inputs, device):
        return kusari.kl_divergence(D.Bernoulli(logit=inputs[0]), D.Bernoulli(logit=inputs[1])),

    def forward_expected(self, inputs):
        p, q = special.expit(inputs[0]), special.expit(inputs[1])
        return p * numpy.log(p / q) + (1 - p) * numpy.log((1 - p) / (1 - q)),


def test_log_prob_broadcasts_x_over_the_logit(checks):
    # Chainer's own test: logit of shape () with x of shape (3,); the gradient is summed
    x = numpy.array([0.0, 1.0, 1.0])
    checks.orders(lambda logit: bernoulli._bernoulli_log_prob(logit, x), (numpy.array(0.3),))


def test_extreme_probabilities():
    d = D.Bernoulli(numpy.array([0.0, 1.0, 0.0, 1.0]))
    with numpy.errstate(divide='ignore'):
        lp = d.log_prob(numpy.array([0.0, 1.0, 1.0, 0.0])).array
    numpy.testing.assert_array_equal(lp, [0.0, 0.0, -numpy.inf, -numpy.inf])
    numpy.testing.assert_array_equal(d.entropy.array, numpy.zeros(4))
    # the gradient at an infinite logit is NaN (as in Chainer), and backward runs
    logit = kusari.Variable(numpy.array([numpy.inf, -numpy.inf, 0.0]))
    y = bernoulli._bernoulli_log_prob(logit, numpy.array([1.0, 0.0, 1.0]))
    g, = kusari.grad([y], [logit], [numpy.ones(3)])
    assert numpy.isnan(g.array[:2]).all() and g.array[2] == 0.5


def test_large_logits_are_stable():
    lp = D.Bernoulli(logit=numpy.array([800.0, -800.0])).log_prob(numpy.array([0.0, 1.0]))
    numpy.testing.assert_allclose(lp.array, [-800.0, -800.0])


@pytest.mark.parametrize('binary_check', [True, False])
def test_binary_check(binary_check):
    d = D.Bernoulli(numpy.array([0.3, 0.6]), binary_check=binary_check)
    x = numpy.array([0.5, 0.2])
    lp, p = d.log_prob(x).array, d.prob(x).array
    if binary_check:
        numpy.testing.assert_array_equal(lp, [-numpy.inf, -numpy.inf])
        numpy.testing.assert_array_equal(p, [0.0, 0.0])
    else:
        assert numpy.isfinite(lp).all() and (p > 0).all()


def test_moments_and_samples(checks):
    p = numpy.array([0.1, 0.5, 0.8])
    d = D.Bernoulli(p)
    assert d.batch_shape == (3,) and d.event_shape == () and d.support == '{0, 1}'
    numpy.testing.assert_allclose(d.mean.array, p)
    numpy.testing.assert_allclose(d.variance.array, p * (1 - p))
    numpy.testing.assert_allclose(d.stddev.array, numpy.sqrt(p * (1 - p)))
    numpy.testing.assert_allclose(d.prob(numpy.array([1, 0, 1])).array, [0.1, 0.5, 0.8])
    numpy.testing.assert_allclose(d.logit.array, special.logit(p))
    assert list(d.params) == ['logit']
    s = checks.moments(d, p, p * (1 - p))
    assert set(numpy.unique(s)) <= {0.0, 1.0}
    assert d.sample(2).dtype == numpy.float64 and not d.sample(2).requires_grad


def test_kl_against_monte_carlo(checks):
    checks.kl_monte_carlo(D.Bernoulli(numpy.array([0.2, 0.7])),
                          D.Bernoulli(numpy.array([0.5, 0.4])))


def test_p_and_logit_exclusive():
    with pytest.raises(ValueError, match='Either `p` or `logit`'):
        D.Bernoulli()
    with pytest.raises(ValueError, match='Either `p` or `logit`'):
        D.Bernoulli(numpy.ones(1) * 0.5, numpy.zeros(1))
