import numpy
import pytest
from scipy import stats

import kusari
import kusari.distributions as D
from kusari import testing


class TestNormalLogProb(testing.FunctionTestCase):
    params = testing.product({'shape': [(3, 2), ()], 'log_scale': [False, True]})
    check_order3 = True

    def generate_inputs(self):
        loc = self.uniform(-1, 1, self.shape)
        scale = self.uniform(-0.5, 0.5, self.shape) if self.log_scale else \
            self.uniform(0.5, 2, self.shape)
        return loc, scale, self.uniform(-2, 2, self.shape)

    def _dist(self, loc, scale):
        return D.Normal(loc, log_scale=scale) if self.log_scale else D.Normal(loc, scale)

    def forward(self, inputs, device):
        loc, scale, x = inputs
        return self._dist(loc, scale).log_prob(x),

    def forward_expected(self, inputs):
        loc, scale, x = inputs
        return stats.norm.logpdf(x, loc, numpy.exp(scale) if self.log_scale else scale),


class TestNormalLogProbSampleShape(testing.FunctionTestCase):
    """x of shape sample_shape + batch_shape: the parameters broadcast."""
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return (self.uniform(-1, 1, (3,)), self.uniform(0.5, 2, (3,)),
                self.uniform(-2, 2, (4, 3)))

    def forward(self, inputs, device):
        loc, scale, x = inputs
        return D.Normal(loc, scale).log_prob(x),

    def forward_expected(self, inputs):
        loc, scale, x = inputs
        return stats.norm.logpdf(x, loc, scale),


class TestNormalCdf(testing.FunctionTestCase):
    params = testing.product({'name': ['cdf', 'log_cdf', 'survival_function',
                                       'log_survival_function', 'prob']})
    check_order3 = True

    def generate_inputs(self):
        return (self.uniform(-1, 1, (3, 2)), self.uniform(0.5, 2, (3, 2)),
                self.uniform(-2, 2, (3, 2)))

    def forward(self, inputs, device):
        loc, scale, x = inputs
        return getattr(D.Normal(loc, scale), self.name)(x),

    def forward_expected(self, inputs):
        loc, scale, x = inputs
        name = {'cdf': 'cdf', 'log_cdf': 'logcdf', 'survival_function': 'sf',
                'log_survival_function': 'logsf', 'prob': 'pdf'}[self.name]
        return getattr(stats.norm, name)(x, loc, scale),


class TestNormalIcdf(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return (self.uniform(-1, 1, (3, 2)), self.uniform(0.5, 2, (3, 2)),
                self.uniform(0.1, 0.9, (3, 2)))

    def forward(self, inputs, device):
        loc, scale, q = inputs
        return D.Normal(loc, scale).icdf(q),

    def forward_expected(self, inputs):
        loc, scale, q = inputs
        return stats.norm.ppf(q, loc, scale),


class TestNormalKL(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return tuple(self.uniform(lo, hi, (3,)) for lo, hi in
                     [(-1, 1), (0.5, 2), (-1, 1), (0.5, 2)])

    def forward(self, inputs, device):
        l1, s1, l2, s2 = inputs
        return kusari.kl_divergence(D.Normal(l1, s1), D.Normal(l2, s2)),

    def forward_expected(self, inputs):
        l1, s1, l2, s2 = inputs
        # the closed form, written independently: E_p[log p] - E_p[log q]
        return (-stats.norm.entropy(l1, s1) + numpy.log(s2) + 0.5 * numpy.log(2 * numpy.pi)
                + (s1 ** 2 + (l1 - l2) ** 2) / (2 * s2 ** 2)),


def test_moments_entropy_and_samples(checks):
    loc = numpy.array([-1.0, 0.5, 2.0])
    scale = numpy.array([0.5, 1.0, 3.0])
    d = D.Normal(loc, scale)
    assert d.batch_shape == (3,) and d.event_shape == () and d.support == 'real'
    numpy.testing.assert_allclose(d.mean.array, loc)
    numpy.testing.assert_allclose(d.variance.array, scale ** 2)
    numpy.testing.assert_allclose(d.stddev.array, scale)
    numpy.testing.assert_allclose(d.entropy.array, stats.norm.entropy(loc, scale), rtol=1e-14)
    assert set(d.params) == {'loc', 'scale'}
    checks.moments(d, loc, scale ** 2)


def test_sample_shapes_and_dtype():
    d = D.Normal(numpy.zeros((4, 3), numpy.float32), numpy.ones((4, 3), numpy.float32))
    s = d.sample((6, 5))
    assert s.shape == (6, 5, 4, 3) and s.dtype == numpy.float32
    assert d.sample().shape == (4, 3)
    assert d.sample(7).shape == (7, 4, 3)
    assert d.sample_n(2).shape == (2, 4, 3)


def test_sample_is_reparameterized(checks):
    def f(loc, log_scale):
        numpy.random.seed(3)
        return D.Normal(loc, log_scale=log_scale).sample(4)
    checks.orders(f, (numpy.array([0.1, -0.3]), numpy.array([0.2, -0.1])))


def test_entropy_orders(checks):
    checks.orders(lambda s: D.Normal(numpy.zeros(2), s).entropy, (numpy.array([0.7, 1.3]),))


def test_kl_against_monte_carlo(checks):
    p = D.Normal(numpy.array([0.0, 1.0]), log_scale=numpy.array([0.0, -0.5]))
    q = D.Normal(numpy.array([0.5, -1.0]), numpy.array([1.5, 2.0]))
    checks.kl_monte_carlo(p, q)
    numpy.testing.assert_allclose(
        kusari.cross_entropy(p, q).array,
        p.entropy.array + kusari.kl_divergence(p, q).array)


def test_derived_parameters_are_cached_per_backprop_mode():
    d = D.Normal(numpy.zeros(2), log_scale=numpy.zeros(2))
    assert d.scale is d.scale
    with kusari.no_backprop_mode():
        s = d.scale
        assert s is d.scale
    assert s is not d.scale


def test_scale_and_log_scale_exclusive():
    with pytest.raises(ValueError, match='Either `scale` or `log_scale`'):
        D.Normal(numpy.zeros(2))
    with pytest.raises(ValueError, match='Either `scale` or `log_scale`'):
        D.Normal(numpy.zeros(2), numpy.ones(2), log_scale=numpy.zeros(2))
