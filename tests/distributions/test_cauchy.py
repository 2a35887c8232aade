import numpy
import pytest
from scipy import stats

import kusari.distributions as D
from kusari import testing


class TestCauchy(testing.FunctionTestCase):
    params = testing.product({'name': ['log_prob', 'cdf', 'prob']})
    check_order3 = True

    def generate_inputs(self):
        return (self.uniform(-1, 1, (3, 2)), self.uniform(0.5, 2, (3, 2)),
                self.uniform(-3, 3, (3, 2)))

    def forward(self, inputs, device):
        loc, scale, x = inputs
        return getattr(D.Cauchy(loc, scale), self.name)(x),

    def forward_expected(self, inputs):
        loc, scale, x = inputs
        name = {'log_prob': 'logpdf', 'cdf': 'cdf', 'prob': 'pdf'}[self.name]
        return getattr(stats.cauchy, name)(x, loc, scale),


class TestCauchyIcdf(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return (self.uniform(-1, 1, (3,)), self.uniform(0.5, 2, (3,)),
                self.uniform(0.2, 0.8, (3,)))

    def forward(self, inputs, device):
        loc, scale, q = inputs
        return D.Cauchy(loc, scale).icdf(q),

    def forward_expected(self, inputs):
        loc, scale, q = inputs
        return stats.cauchy.ppf(q, loc, scale),


def test_entropy_and_undefined_moments(checks):
    loc, scale = numpy.array([0.0, 1.0]), numpy.array([0.5, 2.0])
    d = D.Cauchy(loc, scale)
    numpy.testing.assert_allclose(d.entropy.array, stats.cauchy.entropy(loc, scale))
    checks.orders(lambda s: D.Cauchy(loc, s).entropy, (scale,))
    with pytest.warns(RuntimeWarning, match='Mean of the cauchy distribution is undefined'):
        assert numpy.isnan(d.mean.array).all()
    with pytest.warns(RuntimeWarning, match='Variance of the cauchy'):
        assert numpy.isnan(d.variance.array).all()
    assert d.support == 'real' and d.batch_shape == (2,)


def test_samples_match_the_quartiles_and_are_reparameterized(checks):
    loc, scale = numpy.array([0.0, 1.0]), numpy.array([0.5, 2.0])
    n = 40000
    s = D.Cauchy(loc, scale).sample(n).array
    # the fraction of draws below each quartile is binomial: 5 standard errors
    for q in (0.25, 0.5, 0.75):
        frac = (s < stats.cauchy.ppf(q, loc, scale)).mean(axis=0)
        numpy.testing.assert_array_less(numpy.abs(frac - q), 5 * numpy.sqrt(q * (1 - q) / n))

    def f(loc, scale):
        numpy.random.seed(1)
        return D.Cauchy(loc, scale).sample(3)
    checks.orders(f, (loc, scale))
