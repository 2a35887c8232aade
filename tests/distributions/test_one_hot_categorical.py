import numpy
from scipy import stats

import kusari
import kusari.distributions as D
from kusari import testing


def _probs(rng, shape):
    p = rng.uniform(0.2, 1.0, shape)
    return p / p.sum(axis=-1, keepdims=True)


class TestOneHotCategoricalLogProb(testing.FunctionTestCase):
    params = [{'batch': (2, 3)}, {'batch': ()}]
    check_order3 = True
    tolerances = {
        # log(p) with p down to 0.05: a smaller step for the central difference
        ('backward', 'float64'): dict(atol=1e-6, rtol=1e-5, eps=1e-4),
    }

    def generate_inputs(self):
        x = numpy.eye(4)[self.rng.integers(0, 4, (5,) + self.batch)]
        return _probs(self.rng, self.batch + (4,)), x

    def forward(self, inputs, device):
        p, x = inputs
        return D.OneHotCategorical(p).log_prob(x),

    def forward_expected(self, inputs):
        p, x = inputs
        return (numpy.log(p) * x).sum(axis=-1),


class TestOneHotCategoricalKL(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return _probs(self.rng, (3, 4)), _probs(self.rng, (3, 4))

    def forward(self, inputs, device):
        return kusari.kl_divergence(D.OneHotCategorical(inputs[0]),
                                    D.OneHotCategorical(inputs[1])),

    def forward_expected(self, inputs):
        return stats.entropy(inputs[0], inputs[1], axis=-1),


def test_log_prob_matches_the_multinomial_and_ignores_unselected_zeros():
    p = numpy.array([[0.2, 0.3, 0.5], [0.0, 0.4, 0.6]])
    x = numpy.array([[0, 0, 1], [0, 1, 0]])
    d = D.OneHotCategorical(p)
    with numpy.errstate(divide='ignore'):
        lp = d.log_prob(x).array
    numpy.testing.assert_allclose(lp, [stats.multinomial.logpmf(x[i], 1, p[i])
                                       for i in range(2)])


def test_moments_and_samples(checks):
    p = numpy.array([[0.2, 0.3, 0.5], [0.7, 0.1, 0.2]])
    d = D.OneHotCategorical(p)
    assert d.batch_shape == (2,) and d.event_shape == (3,)
    numpy.testing.assert_allclose(d.mean.array, p)
    numpy.testing.assert_allclose(d.variance.array, p * (1 - p))
    s = checks.moments(d, p, p * (1 - p))
    numpy.testing.assert_array_equal(s.sum(axis=-1), 1.0)


def test_kl_against_monte_carlo(checks):
    checks.kl_monte_carlo(D.OneHotCategorical(numpy.array([[0.2, 0.3, 0.5]])),
                          D.OneHotCategorical(numpy.array([[0.6, 0.2, 0.2]])))
