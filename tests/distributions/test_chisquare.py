import numpy
from scipy import stats

import kusari.distributions as D
from kusari import testing


class TestChisquareLogProb(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True
    tolerances = {
        # float16 arithmetic of (k/2 - 1) log x - x/2 - lgamma(k/2) - ..., values up to ~6
        ('forward', 'float16'): dict(atol=2e-2, rtol=1e-2),
    }

    def generate_inputs(self):
        return self.uniform(1, 6, self.shape), self.uniform(0.5, 6, self.shape)

    def forward(self, inputs, device):
        k, x = inputs
        return D.Chisquare(k).log_prob(x),

    def forward_expected(self, inputs):
        k, x = inputs
        return stats.chi2.logpdf(x, k),


class TestChisquareEntropy(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(1, 6, (4,)),

    def forward(self, inputs, device):
        return D.Chisquare(inputs[0]).entropy,

    def forward_expected(self, inputs):
        return stats.chi2.entropy(inputs[0]),


def test_moments_and_samples(checks):
    k = numpy.array([1.0, 3.5, 10.0])
    d = D.Chisquare(k)
    assert d.batch_shape == (3,) and d.event_shape == () and d.support == 'positive'
    numpy.testing.assert_allclose(d.mean.array, k)
    numpy.testing.assert_allclose(d.variance.array, 2 * k)
    checks.moments(d, k, 2 * k)
