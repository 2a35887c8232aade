import numpy
from scipy import special, stats

import kusari
import kusari.distributions as D
from kusari import testing


def _simplex(rng, shape):
    x = rng.uniform(0.2, 1.0, shape)
    return x / x.sum(axis=-1, keepdims=True)


class TestDirichletLogProb(testing.FunctionTestCase):
    params = [{'batch': (2,)}, {'batch': ()}]
    check_order3 = True
    tolerances = {
        # float16 arithmetic over sums of lgamma and (alpha - 1) log x terms
        ('forward', 'float16'): dict(atol=3e-2, rtol=1e-2),
    }

    def generate_inputs(self):
        return self.uniform(0.5, 4, self.batch + (3,)), _simplex(self.rng, self.batch + (3,))

    def forward(self, inputs, device):
        alpha, x = inputs
        return D.Dirichlet(alpha).log_prob(x),

    def forward_expected(self, inputs):
        alpha, x = inputs
        a, v = alpha.reshape(-1, 3), x.reshape(-1, 3)
        v = v / v.sum(axis=-1, keepdims=True)   # SciPy wants the simplex to 1e-10
        return numpy.array([stats.dirichlet.logpdf(v[i], a[i])
                            for i in range(len(a))]).reshape(alpha.shape[:-1]),


class TestDirichletEntropy(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(0.5, 4, (2, 3)),

    def forward(self, inputs, device):
        return D.Dirichlet(inputs[0]).entropy,

    def forward_expected(self, inputs):
        return numpy.array([stats.dirichlet.entropy(a) for a in inputs[0]]),


class TestDirichletKL(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(0.5, 4, (2, 3)), self.uniform(0.5, 4, (2, 3))

    def forward(self, inputs, device):
        return kusari.kl_divergence(D.Dirichlet(inputs[0]), D.Dirichlet(inputs[1])),

    def forward_expected(self, inputs):
        a, b = inputs
        # E_p[log p - log q] with E_p[log x_i] = digamma(a_i) - digamma(a_0)
        elog = special.digamma(a) - special.digamma(a.sum(-1, keepdims=True))
        lnorm = special.gammaln(a.sum(-1)) - special.gammaln(a).sum(-1)
        lnorm_q = special.gammaln(b.sum(-1)) - special.gammaln(b).sum(-1)
        return lnorm - lnorm_q + ((a - b) * elog).sum(-1),


def test_moments_and_samples(checks):
    alpha = numpy.array([[0.5, 1.0, 2.0], [3.0, 3.0, 0.2]])
    d = D.Dirichlet(alpha)
    assert d.batch_shape == (2,) and d.event_shape == (3,) and d.support == '[0, 1]'
    mean = numpy.array([stats.dirichlet.mean(a) for a in alpha])
    var = numpy.array([stats.dirichlet.var(a) for a in alpha])
    numpy.testing.assert_allclose(d.mean.array, mean)
    numpy.testing.assert_allclose(d.variance.array, var)
    s = checks.moments(d, mean, var)
    numpy.testing.assert_allclose(s.sum(axis=-1), 1.0)


def test_kl_against_monte_carlo(checks):
    checks.kl_monte_carlo(D.Dirichlet(numpy.array([[2.0, 1.0, 3.0]])),
                          D.Dirichlet(numpy.array([[1.0, 1.5, 1.0]])))
