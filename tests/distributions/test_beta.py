import numpy
from scipy import integrate, stats

import kusari
import kusari.distributions as D
from kusari import testing


class TestBetaLogProb(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True
    tolerances = {
        # float16 arithmetic of (a - 1) * log(x) + ... - lbeta, values up to ~5
        ('forward', 'float16'): dict(atol=2e-2, rtol=1e-2),
    }

    def generate_inputs(self):
        return (self.uniform(0.5, 4, self.shape), self.uniform(0.5, 4, self.shape),
                self.uniform(0.25, 0.75, self.shape))

    def forward(self, inputs, device):
        a, b, x = inputs
        return D.Beta(a, b).log_prob(x),

    def forward_expected(self, inputs):
        a, b, x = inputs
        return stats.beta.logpdf(x, a, b),


class TestBetaEntropy(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(0.5, 4, (3,)), self.uniform(0.5, 4, (3,))

    def forward(self, inputs, device):
        return D.Beta(*inputs).entropy,

    def forward_expected(self, inputs):
        return stats.beta.entropy(*inputs),


def _kl_quad(p, q):
    def integrand(x):
        return stats.beta.pdf(x, *p) * (stats.beta.logpdf(x, *p) - stats.beta.logpdf(x, *q))
    return integrate.quad(integrand, 0, 1, epsabs=1e-13, epsrel=1e-12, limit=200)[0]


class TestBetaKL(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return tuple(self.uniform(1.2, 4, (2,)) for _ in range(4))

    def forward(self, inputs, device):
        a1, b1, a2, b2 = inputs
        return kusari.kl_divergence(D.Beta(a1, b1), D.Beta(a2, b2)),

    def forward_expected(self, inputs):
        a1, b1, a2, b2 = inputs
        return numpy.array([_kl_quad((a1[i], b1[i]), (a2[i], b2[i])) for i in range(2)]),


def test_outside_the_support():
    d = D.Beta(numpy.array([2.0, 2.0]), numpy.array([3.0, 3.0]))
    with numpy.errstate(invalid='ignore'):
        lp = d.log_prob(numpy.array([-0.5, 1.5])).array
    numpy.testing.assert_array_equal(lp, [-numpy.inf, -numpy.inf])


def test_moments_and_samples(checks):
    a, b = numpy.array([0.5, 2.0, 5.0]), numpy.array([0.7, 2.0, 1.5])
    d = D.Beta(a, b)
    assert d.batch_shape == (3,) and d.event_shape == () and d.support == '[0, 1]'
    numpy.testing.assert_allclose(d.mean.array, stats.beta.mean(a, b))
    numpy.testing.assert_allclose(d.variance.array, stats.beta.var(a, b))
    numpy.testing.assert_allclose(d.stddev.array, stats.beta.std(a, b))
    s = checks.moments(d, stats.beta.mean(a, b), stats.beta.var(a, b))
    assert ((s >= 0) & (s <= 1)).all()


def test_kl_against_monte_carlo(checks):
    checks.kl_monte_carlo(D.Beta(numpy.array([2.0, 0.8]), numpy.array([3.0, 1.5])),
                          D.Beta(numpy.array([1.0, 2.0]), numpy.array([1.5, 2.5])))
