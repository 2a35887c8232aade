import numpy
from scipy import integrate, stats

import kusari
import kusari.distributions as D
from kusari import testing


class TestGumbelLogProb(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return (self.uniform(-1, 1, self.shape), self.uniform(0.5, 2, self.shape),
                self.uniform(-2, 3, self.shape))

    def forward(self, inputs, device):
        loc, scale, x = inputs
        return D.Gumbel(loc, scale).log_prob(x),

    def forward_expected(self, inputs):
        loc, scale, x = inputs
        return stats.gumbel_r.logpdf(x, loc, scale),


class TestGumbelKL(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return tuple(self.uniform(lo, hi, (2,)) for lo, hi in
                     [(-1, 1), (0.5, 2), (-1, 1), (0.5, 2)])

    def forward(self, inputs, device):
        l1, s1, l2, s2 = inputs
        return kusari.kl_divergence(D.Gumbel(l1, s1), D.Gumbel(l2, s2)),

    def forward_expected(self, inputs):
        l1, s1, l2, s2 = inputs
        out = []
        for i in range(2):
            def integrand(x):
                lp = stats.gumbel_r.logpdf(x, l1[i], s1[i])
                return numpy.exp(lp) * (lp - stats.gumbel_r.logpdf(x, l2[i], s2[i]))
            # the density of p is below 1e-300 outside this range
            lo, hi = l1[i] - 7 * s1[i], l1[i] + 700 * s1[i]
            out.append(integrate.quad(integrand, lo, hi, epsabs=1e-13, epsrel=1e-12,
                                      limit=400)[0])
        return numpy.array(out),


def test_moments_entropy_and_samples(checks):
    loc, scale = numpy.array([0.0, -1.0]), numpy.array([1.0, 2.5])
    d = D.Gumbel(loc, scale)
    assert d.batch_shape == (2,) and d.event_shape == () and d.support == 'real'
    numpy.testing.assert_allclose(d.mean.array, stats.gumbel_r.mean(loc, scale))
    numpy.testing.assert_allclose(d.variance.array, stats.gumbel_r.var(loc, scale))
    numpy.testing.assert_allclose(d.entropy.array, stats.gumbel_r.entropy(loc, scale))
    checks.orders(lambda s: D.Gumbel(loc, s).entropy, (scale,))
    checks.moments(d, stats.gumbel_r.mean(loc, scale), stats.gumbel_r.var(loc, scale))

    def f(loc, scale):
        numpy.random.seed(5)
        return D.Gumbel(loc, scale).sample(3)
    checks.orders(f, (loc, scale))


def test_kl_against_monte_carlo(checks):
    checks.kl_monte_carlo(D.Gumbel(numpy.array([0.0, 1.0]), numpy.array([1.0, 0.5])),
                          D.Gumbel(numpy.array([0.5, 0.0]), numpy.array([2.0, 1.0])))
