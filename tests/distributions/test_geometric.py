import numpy
from scipy import stats

import kusari
import kusari.distributions as D
from kusari import testing


class TestGeometricLogProb(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(0.2, 0.8, self.shape), self.rng.integers(1, 6, self.shape)

    def forward(self, inputs, device):
        p, x = inputs
        return D.Geometric(p).log_prob(x),

    def forward_expected(self, inputs):
        p, x = inputs
        return stats.geom.logpmf(x, p),


class TestGeometricKL(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(0.3, 0.7, (3,)), self.uniform(0.3, 0.7, (3,))

    def forward(self, inputs, device):
        return kusari.kl_divergence(D.Geometric(inputs[0]), D.Geometric(inputs[1])),

    def forward_expected(self, inputs):
        p, q = inputs
        k = numpy.arange(1, 400)[:, None]
        lp, lq = stats.geom.logpmf(k, p), stats.geom.logpmf(k, q)
        return (numpy.exp(lp) * (lp - lq)).sum(axis=0),


def test_moments_and_samples(checks):
    p = numpy.array([0.1, 0.5, 0.9])
    d = D.Geometric(p)
    assert d.batch_shape == (3,) and d.event_shape == () and d.support == 'positive integer'
    numpy.testing.assert_allclose(d.mean.array, stats.geom.mean(p))
    numpy.testing.assert_allclose(d.variance.array, stats.geom.var(p))
    s = checks.moments(d, stats.geom.mean(p), stats.geom.var(p))
    assert (s >= 1).all() and (s == numpy.round(s)).all()


def test_kl_against_monte_carlo(checks):
    checks.kl_monte_carlo(D.Geometric(numpy.array([0.3, 0.6])),
                          D.Geometric(numpy.array([0.5, 0.2])))
