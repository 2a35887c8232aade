import numpy
import pytest
from scipy import stats

import kusari
import kusari.distributions as D
from kusari import testing


class TestUniformLogProb(testing.FunctionTestCase):
    params = testing.product({'by': ['low_high', 'loc_scale'], 'shape': [(3, 2), ()]})
    check_order3 = True

    def generate_inputs(self):
        low = self.uniform(-2, 0, self.shape)
        width = self.uniform(1, 3, self.shape)
        x = low + width * self.uniform(0.1, 0.9, self.shape)
        return low, (low + width if self.by == 'low_high' else width), x

    def _dist(self, a, b):
        return D.Uniform(low=a, high=b) if self.by == 'low_high' else D.Uniform(loc=a, scale=b)

    def forward(self, inputs, device):
        a, b, x = inputs
        return self._dist(a, b).log_prob(x),

    def forward_expected(self, inputs):
        a, b, x = inputs
        return stats.uniform.logpdf(x, a, b - a if self.by == 'low_high' else b),


class TestUniformCdfIcdf(testing.FunctionTestCase):
    params = [{'name': 'cdf'}, {'name': 'icdf'}]
    check_order3 = True

    def generate_inputs(self):
        loc, scale = self.uniform(-2, 0, (4,)), self.uniform(1, 3, (4,))
        x = loc + scale * self.uniform(0.1, 0.9, (4,)) if self.name == 'cdf' else \
            self.uniform(0.1, 0.9, (4,))
        return loc, scale, x

    def forward(self, inputs, device):
        loc, scale, x = inputs
        return getattr(D.Uniform(loc=loc, scale=scale), self.name)(x),

    def forward_expected(self, inputs):
        loc, scale, x = inputs
        return getattr(stats.uniform, 'cdf' if self.name == 'cdf' else 'ppf')(x, loc, scale),


def test_outside_the_support():
    d = D.Uniform(low=numpy.array([0.0, 0.0]), high=numpy.array([1.0, 2.0]))
    numpy.testing.assert_array_equal(d.log_prob(numpy.array([-0.1, 2.5])).array,
                                     [-numpy.inf, -numpy.inf])
    numpy.testing.assert_array_equal(d.cdf(numpy.array([-0.1, 2.5])).array, [0.0, 1.0])


def test_moments_entropy_samples_and_reparameterization(checks):
    low, high = numpy.array([-1.0, 2.0]), numpy.array([1.0, 5.0])
    d = D.Uniform(low=low, high=high)
    assert d.batch_shape == (2,) and d.event_shape == () and d.support == '[low, high]'
    assert set(d.params) == {'low', 'high'}
    assert set(D.Uniform(loc=low, scale=high - low).params) == {'loc', 'scale'}
    numpy.testing.assert_allclose(d.mean.array, (low + high) / 2)
    numpy.testing.assert_allclose(d.variance.array, (high - low) ** 2 / 12)
    numpy.testing.assert_allclose(d.stddev.array, (high - low) / numpy.sqrt(12))
    numpy.testing.assert_allclose(d.entropy.array, numpy.log(high - low))
    s = checks.moments(d, (low + high) / 2, (high - low) ** 2 / 12)
    assert ((s >= low) & (s <= high)).all()

    def f(low, high):
        numpy.random.seed(10)
        return D.Uniform(low=low, high=high).sample(3)
    checks.orders(f, (low, high))


def test_kl():
    p = D.Uniform(low=numpy.array([0.0, -1.0]), high=numpy.array([1.0, 1.0]))
    q = D.Uniform(low=numpy.array([-1.0, 0.0]), high=numpy.array([3.0, 2.0]))
    numpy.testing.assert_allclose(kusari.kl_divergence(p, q).array, [numpy.log(4), numpy.inf])


def test_parameter_pairs_exclusive():
    with pytest.raises(ValueError, match='Either `low, high` or `loc, scale`'):
        D.Uniform(low=numpy.zeros(1))
    with pytest.raises(ValueError, match='Either `low, high` or `loc, scale`'):
        D.Uniform(low=numpy.zeros(1), high=numpy.ones(1), loc=numpy.zeros(1),
                  scale=numpy.ones(1))
