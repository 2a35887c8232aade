import numpy
from scipy import stats

import kusari
import kusari.distributions as D
from kusari import testing


class TestParetoLogProb(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        scale = self.uniform(0.5, 2, self.shape)
        return scale, self.uniform(0.5, 3, self.shape), scale + self.uniform(0.1, 3, self.shape)

    def forward(self, inputs, device):
        scale, alpha, x = inputs
        return D.Pareto(scale, alpha).log_prob(x),

    def forward_expected(self, inputs):
        scale, alpha, x = inputs
        return stats.pareto.logpdf(x, alpha, scale=scale),


class TestParetoEntropyAndKL(testing.FunctionTestCase):
    params = [{'what': 'entropy'}, {'what': 'kl'}]
    check_order3 = True

    def generate_inputs(self):
        s2 = self.uniform(0.5, 1, (3,))
        return (s2 + self.uniform(0.1, 1, (3,)), self.uniform(0.5, 3, (3,)), s2,
                self.uniform(0.5, 3, (3,)))

    def forward(self, inputs, device):
        s1, a1, s2, a2 = inputs
        p = D.Pareto(s1, a1)
        return p.entropy if self.what == 'entropy' else \
            kusari.kl_divergence(p, D.Pareto(s2, a2)),

    def forward_expected(self, inputs):
        s1, a1, s2, a2 = inputs
        h = stats.pareto.entropy(a1, scale=s1)
        if self.what == 'entropy':
            return h,
        # -H(p) - E_p[log q], E_p[log x] = log s1 + 1 / a1
        return -h - (numpy.log(a2) + a2 * numpy.log(s2) - (a2 + 1) * (numpy.log(s1) + 1 / a1)),


def test_support_moments_and_samples(checks):
    scale, alpha = numpy.array([1.0, 2.0, 0.5]), numpy.array([5.0, 8.0, 1.5])
    d = D.Pareto(scale, alpha)
    assert d.batch_shape == (3,) and d.event_shape == () and d.support == '[scale, inf]'
    numpy.testing.assert_allclose(d.mean.array, stats.pareto.mean(alpha, scale=scale))
    numpy.testing.assert_allclose(d.variance.array[:2],
                                  stats.pareto.var(alpha[:2], scale=scale[:2]))
    assert d.variance.array[2] == numpy.inf
    assert D.Pareto(numpy.ones(1), numpy.array([0.5])).mean.array[0] == numpy.inf
    lp = d.log_prob(numpy.array([0.5, 3.0, 0.1])).array
    assert lp[0] == -numpy.inf and lp[2] == -numpy.inf and numpy.isfinite(lp[1])
    # alpha = 5, 8 have finite fourth moments; the third is checked by its median
    checks.moments(D.Pareto(scale[:2], alpha[:2]), stats.pareto.mean(alpha[:2], scale=scale[:2]),
                   stats.pareto.var(alpha[:2], scale=scale[:2]), n=200000)
    s = d.sample(40000).array[:, 2]
    frac = (s < stats.pareto.median(alpha[2], scale=scale[2])).mean()
    assert abs(frac - 0.5) < 5 * numpy.sqrt(0.25 / 40000)
    assert s.min() >= scale[2]


def test_sample_is_reparameterized_in_scale_and_alpha(checks):
    def f(scale, alpha):
        numpy.random.seed(9)
        return D.Pareto(scale, alpha).sample(3)
    checks.orders(f, (numpy.array([1.0, 0.5]), numpy.array([2.0, 3.0])))


def test_kl_against_monte_carlo_and_infinite_outside_the_support(checks):
    p = D.Pareto(numpy.array([1.5, 1.0]), numpy.array([4.0, 3.0]))
    q = D.Pareto(numpy.array([1.0, 0.8]), numpy.array([2.0, 5.0]))
    checks.kl_monte_carlo(p, q)
    numpy.testing.assert_array_equal(kusari.kl_divergence(q, p).array, [numpy.inf, numpy.inf])
