import numpy
from scipy import stats

import kusari
import kusari.distributions as D
from kusari import testing


class TestPoissonLogProb(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True
    tolerances = {
        # float16 arithmetic of x log lam - lgamma(x + 1) - lam, values down to ~-10
        ('forward', 'float16'): dict(atol=3e-2, rtol=1e-2),
    }

    def generate_inputs(self):
        return self.uniform(0.5, 6, self.shape), self.rng.integers(0, 10, self.shape)

    def forward(self, inputs, device):
        lam, x = inputs
        return D.Poisson(lam).log_prob(x),

    def forward_expected(self, inputs):
        lam, x = inputs
        return stats.poisson.logpmf(x, lam),


class TestPoissonKL(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(0.5, 6, (3,)), self.uniform(0.5, 6, (3,))

    def forward(self, inputs, device):
        return kusari.kl_divergence(D.Poisson(inputs[0]), D.Poisson(inputs[1])),

    def forward_expected(self, inputs):
        lam1, lam2 = inputs
        k = numpy.arange(0, 100)[:, None]
        lp, lq = stats.poisson.logpmf(k, lam1), stats.poisson.logpmf(k, lam2)
        return (numpy.exp(lp) * (lp - lq)).sum(axis=0),


def test_moments_and_samples(checks):
    lam = numpy.array([0.5, 3.0, 20.0], numpy.float32)
    d = D.Poisson(lam)
    assert d.batch_shape == (3,) and d.event_shape == ()
    assert d.support == 'non negative integer'
    numpy.testing.assert_allclose(d.mean.array, lam)
    numpy.testing.assert_allclose(d.variance.array, lam)
    s = checks.moments(d, lam, lam)
    assert d.sample(2).dtype == numpy.float32 and (s == numpy.round(s)).all()


def test_kl_against_monte_carlo(checks):
    checks.kl_monte_carlo(D.Poisson(numpy.array([2.0, 7.0])), D.Poisson(numpy.array([3.0, 5.0])))
