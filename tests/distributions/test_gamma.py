import numpy
from scipy import integrate, stats

import kusari
import kusari.distributions as D
from kusari import testing


class TestGammaLogProb(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True
    tolerances = {
        # float16 arithmetic of (k - 1) log x - x / theta - lgamma(k) - k log theta
        ('forward', 'float16'): dict(atol=2e-2, rtol=1e-2),
    }

    def generate_inputs(self):
        return (self.uniform(0.5, 4, self.shape), self.uniform(0.5, 2, self.shape),
                self.uniform(0.3, 5, self.shape))

    def forward(self, inputs, device):
        k, theta, x = inputs
        return D.Gamma(k, theta).log_prob(x),

    def forward_expected(self, inputs):
        k, theta, x = inputs
        return stats.gamma.logpdf(x, k, scale=theta),


class TestGammaEntropy(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(0.5, 4, (3,)), self.uniform(0.5, 2, (3,))

    def forward(self, inputs, device):
        return D.Gamma(*inputs).entropy,

    def forward_expected(self, inputs):
        k, theta = inputs
        return stats.gamma.entropy(k, scale=theta),


class TestGammaKL(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return tuple(self.uniform(lo, hi, (2,)) for lo, hi in
                     [(1.5, 4), (0.5, 2), (1.5, 4), (0.5, 2)])

    def forward(self, inputs, device):
        k1, t1, k2, t2 = inputs
        return kusari.kl_divergence(D.Gamma(k1, t1), D.Gamma(k2, t2)),

    def forward_expected(self, inputs):
        k1, t1, k2, t2 = inputs
        out = []
        for i in range(2):
            def integrand(x):
                lp = stats.gamma.logpdf(x, k1[i], scale=t1[i])
                return numpy.exp(lp) * (lp - stats.gamma.logpdf(x, k2[i], scale=t2[i]))
            out.append(integrate.quad(integrand, 0, numpy.inf, epsabs=1e-13,
                                      epsrel=1e-12, limit=200)[0])
        return numpy.array(out),


def test_moments_and_samples(checks):
    k, theta = numpy.array([0.5, 2.0, 7.0]), numpy.array([2.0, 0.5, 1.0])
    d = D.Gamma(k, theta)
    assert d.batch_shape == (3,) and d.event_shape == () and d.support == 'positive'
    numpy.testing.assert_allclose(d.mean.array, k * theta)
    numpy.testing.assert_allclose(d.variance.array, k * theta ** 2)
    checks.moments(d, k * theta, k * theta ** 2)
    with numpy.errstate(invalid='ignore'):
        lp = D.Gamma(k[:1], theta[:1]).log_prob(numpy.array([-1.0]))
    numpy.testing.assert_array_equal(lp.array, [-numpy.inf])


def test_sample_is_reparameterized_in_theta(checks):
    k = numpy.array([0.5, 3.0])

    def f(theta):
        numpy.random.seed(4)
        return D.Gamma(k, theta).sample(3)
    checks.orders(f, (numpy.array([1.5, 0.7]),))


def test_kl_against_monte_carlo(checks):
    checks.kl_monte_carlo(D.Gamma(numpy.array([2.0, 0.7]), numpy.array([1.0, 2.0])),
                          D.Gamma(numpy.array([3.0, 1.0]), numpy.array([0.5, 1.5])))
