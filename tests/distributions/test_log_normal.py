import numpy
from scipy import stats

import kusari
import kusari.distributions as D
from kusari import testing


class TestLogNormalLogProb(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return (self.uniform(-1, 1, self.shape), self.uniform(0.5, 1.5, self.shape),
                self.uniform(0.3, 4, self.shape))

    def forward(self, inputs, device):
        mu, sigma, x = inputs
        return D.LogNormal(mu, sigma).log_prob(x),

    def forward_expected(self, inputs):
        mu, sigma, x = inputs
        return stats.lognorm.logpdf(x, sigma, scale=numpy.exp(mu)),


class TestLogNormalKL(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return tuple(self.uniform(lo, hi, (3,)) for lo, hi in
                     [(-1, 1), (0.5, 2), (-1, 1), (0.5, 2)])

    def forward(self, inputs, device):
        m1, s1, m2, s2 = inputs
        return kusari.kl_divergence(D.LogNormal(m1, s1), D.LogNormal(m2, s2)),

    def forward_expected(self, inputs):
        m1, s1, m2, s2 = inputs
        # the KL of the normals of log x (invariant under x -> log x)
        return (numpy.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - 0.5),


def test_moments_entropy_and_samples(checks):
    mu, sigma = numpy.array([0.0, 0.5]), numpy.array([0.25, 0.5])
    d = D.LogNormal(mu, sigma)
    assert d.batch_shape == (2,) and d.event_shape == () and d.support == 'positive'
    mean = stats.lognorm.mean(sigma, scale=numpy.exp(mu))
    var = stats.lognorm.var(sigma, scale=numpy.exp(mu))
    numpy.testing.assert_allclose(d.mean.array, mean)
    numpy.testing.assert_allclose(d.variance.array, var)
    numpy.testing.assert_allclose(d.entropy.array,
                                  stats.lognorm.entropy(sigma, scale=numpy.exp(mu)))
    checks.orders(lambda m, s: D.LogNormal(m, s).entropy, (mu, sigma))
    checks.orders(lambda m, s: D.LogNormal(m, s).variance, (mu, sigma))
    checks.moments(d, mean, var)

    def f(mu, sigma):
        numpy.random.seed(7)
        return D.LogNormal(mu, sigma).sample(3)
    checks.orders(f, (mu, sigma))


def test_kl_against_monte_carlo(checks):
    checks.kl_monte_carlo(D.LogNormal(numpy.array([0.0, 1.0]), numpy.array([1.0, 0.5])),
                          D.LogNormal(numpy.array([0.5, 0.0]), numpy.array([2.0, 1.0])))
