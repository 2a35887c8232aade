import numpy
from scipy import stats

import kusari
import kusari.distributions as D
from kusari import testing
from kusari.distributions import laplace


class TestLaplace(testing.FunctionTestCase):
    params = testing.product({'name': ['log_prob', 'cdf', 'prob'], 'shape': [(3, 2), ()]})
    check_order3 = True

    def generate_inputs(self):
        loc = self.uniform(-1, 1, self.shape)
        # |x - loc| >= 0.1: away from the kink, where central differences do not apply
        offset = self.uniform(0.1, 2, self.shape) * self.rng.choice([-1, 1], self.shape)
        return loc, self.uniform(0.5, 2, self.shape), loc + offset

    def forward(self, inputs, device):
        loc, scale, x = inputs
        return getattr(D.Laplace(loc, scale), self.name)(x),

    def forward_expected(self, inputs):
        loc, scale, x = inputs
        name = {'log_prob': 'logpdf', 'cdf': 'cdf', 'prob': 'pdf'}[self.name]
        return getattr(stats.laplace, name)(x, loc, scale),


class TestLaplaceIcdf(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        q = self.uniform(0.05, 0.4, (4,)) + self.rng.choice([0.0, 0.5], (4,))
        return self.uniform(-1, 1, (4,)), self.uniform(0.5, 2, (4,)), q

    def forward(self, inputs, device):
        loc, scale, q = inputs
        return D.Laplace(loc, scale).icdf(q),

    def forward_expected(self, inputs):
        loc, scale, q = inputs
        return stats.laplace.ppf(q, loc, scale),


class TestLaplaceKL(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        l1 = self.uniform(-1, 1, (3,))
        l2 = l1 + self.uniform(0.2, 1, (3,)) * self.rng.choice([-1, 1], (3,))
        return l1, self.uniform(0.5, 2, (3,)), l2, self.uniform(0.5, 2, (3,))

    def forward(self, inputs, device):
        l1, s1, l2, s2 = inputs
        return kusari.kl_divergence(D.Laplace(l1, s1), D.Laplace(l2, s2)),

    def forward_expected(self, inputs):
        l1, s1, l2, s2 = inputs
        # E_p|x - l2| = |l1 - l2| + s1 exp(-|l1 - l2| / s1)
        e_abs = numpy.abs(l1 - l2) + s1 * numpy.exp(-numpy.abs(l1 - l2) / s1)
        return -stats.laplace.entropy(l1, s1) + numpy.log(2 * s2) + e_abs / s2,


def test_cdf_helpers_invert_each_other(checks):
    q = numpy.array([0.02, 0.3, 0.7, 0.98])
    numpy.testing.assert_allclose(laplace._laplace_cdf(laplace._laplace_icdf(q)).array, q)
    checks.orders(laplace._laplace_cdf, (numpy.array([-1.5, -0.2, 0.4]),))
    checks.orders(laplace._laplace_icdf, (numpy.array([0.1, 0.3, 0.8]),))


def test_moments_entropy_and_samples(checks):
    loc, scale = numpy.array([0.0, 2.0]), numpy.array([1.0, 0.3])
    d = D.Laplace(loc, scale)
    assert d.batch_shape == (2,) and d.event_shape == () and d.support == 'real'
    numpy.testing.assert_allclose(d.mean.array, loc)
    numpy.testing.assert_allclose(d.mode.array, loc)
    numpy.testing.assert_allclose(d.variance.array, stats.laplace.var(loc, scale))
    numpy.testing.assert_allclose(d.stddev.array, stats.laplace.std(loc, scale))
    numpy.testing.assert_allclose(d.entropy.array, stats.laplace.entropy(loc, scale))
    checks.moments(d, loc, 2 * scale ** 2)
    assert D.Laplace(numpy.zeros(2, numpy.float32),
                     numpy.ones(2, numpy.float32)).sample(3).dtype == numpy.float32

    def f(loc, scale):
        numpy.random.seed(6)
        return D.Laplace(loc, scale).sample(3)
    checks.orders(f, (loc, scale))


def test_kl_against_monte_carlo(checks):
    checks.kl_monte_carlo(D.Laplace(numpy.array([0.0, 1.0]), numpy.array([1.0, 0.5])),
                          D.Laplace(numpy.array([0.5, 0.0]), numpy.array([2.0, 1.0])))
