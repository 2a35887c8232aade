import numpy
from scipy import stats

import kusari
import kusari.distributions as D
from kusari import testing


class TestExponential(testing.FunctionTestCase):
    params = testing.product({'name': ['log_prob', 'cdf', 'survival_function', 'prob'],
                              'shape': [(3, 2), ()]})
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(0.5, 2, self.shape), self.uniform(0.1, 3, self.shape)

    def forward(self, inputs, device):
        lam, x = inputs
        return getattr(D.Exponential(lam), self.name)(x),

    def forward_expected(self, inputs):
        lam, x = inputs
        name = {'log_prob': 'logpdf', 'cdf': 'cdf', 'survival_function': 'sf',
                'prob': 'pdf'}[self.name]
        return getattr(stats.expon, name)(x, scale=1 / lam),


class TestExponentialIcdf(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(0.5, 2, (3,)), self.uniform(0.1, 0.9, (3,))

    def forward(self, inputs, device):
        lam, q = inputs
        return D.Exponential(lam).icdf(q),

    def forward_expected(self, inputs):
        lam, q = inputs
        return stats.expon.ppf(q, scale=1 / lam),


class TestExponentialKL(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(0.5, 2, (3,)), self.uniform(0.5, 2, (3,))

    def forward(self, inputs, device):
        return kusari.kl_divergence(D.Exponential(inputs[0]), D.Exponential(inputs[1])),

    def forward_expected(self, inputs):
        l1, l2 = inputs
        # -H(p) - E_p[log q] with E_p[x] = 1 / l1
        return -stats.expon.entropy(scale=1 / l1) - numpy.log(l2) + l2 / l1,


def test_negative_points_have_zero_density():
    lp = D.Exponential(numpy.array([1.0, 2.0])).log_prob(numpy.array([-1.0, 0.5]))
    numpy.testing.assert_allclose(lp.array, [-numpy.inf, numpy.log(2.0) - 1.0])


def test_moments_entropy_and_samples(checks):
    lam = numpy.array([0.5, 1.0, 4.0])
    d = D.Exponential(lam)
    assert d.batch_shape == (3,) and d.event_shape == () and d.support == 'positive'
    numpy.testing.assert_allclose(d.mean.array, 1 / lam)
    numpy.testing.assert_allclose(d.variance.array, 1 / lam ** 2)
    numpy.testing.assert_allclose(d.stddev.array, 1 / lam)
    numpy.testing.assert_allclose(d.entropy.array, stats.expon.entropy(scale=1 / lam))
    checks.orders(lambda lam: D.Exponential(lam).entropy, (lam,))
    checks.moments(d, 1 / lam, 1 / lam ** 2)

    def f(lam):
        numpy.random.seed(2)
        return D.Exponential(lam).sample(3)
    checks.orders(f, (lam,))


def test_kl_against_monte_carlo(checks):
    checks.kl_monte_carlo(D.Exponential(numpy.array([1.0, 0.3])),
                          D.Exponential(numpy.array([2.0, 0.5])))
