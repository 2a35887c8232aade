import numpy
import pytest
from scipy import special, stats

import kusari
import kusari.distributions as D
from kusari import testing


def _probs(rng, shape):
    p = rng.uniform(0.1, 1.0, shape)
    return p / p.sum(axis=-1, keepdims=True)


class TestCategoricalLogProb(testing.FunctionTestCase):
    params = testing.product({'batch': [(2, 3), ()], 'by': ['p', 'logit']})
    check_order3 = True
    tolerances = {
        # log(p) with p down to 0.1: a smaller step keeps the central difference's
        # truncation error (eps**2 / 3 / p**3) below the tolerance
        ('backward', 'float64'): dict(atol=1e-6, rtol=1e-5, eps=1e-4),
    }

    def generate_inputs(self):
        theta = _probs(self.rng, self.batch + (4,)) if self.by == 'p' else \
            self.uniform(-2, 2, self.batch + (4,))
        return theta, self.rng.integers(0, 4, (5,) + self.batch)

    def forward(self, inputs, device):
        theta, x = inputs
        return D.Categorical(**{self.by: theta}).log_prob(x),

    def forward_expected(self, inputs):
        theta, x = inputs
        logp = numpy.log(theta) if self.by == 'p' else special.log_softmax(theta, axis=-1)
        return numpy.take_along_axis(numpy.broadcast_to(logp, x.shape + (4,)),
                                     x[..., None], axis=-1)[..., 0],


class TestCategoricalEntropy(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-2, 2, (3, 4)),

    def forward(self, inputs, device):
        return D.Categorical(logit=inputs[0]).entropy,

    def forward_expected(self, inputs):
        return stats.entropy(special.softmax(inputs[0], axis=-1), axis=-1),


class TestCategoricalKL(testing.FunctionTestCase):
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-2, 2, (3, 4)), self.uniform(-2, 2, (3, 4))

    def forward(self, inputs, device):
        return kusari.kl_divergence(D.Categorical(logit=inputs[0]),
                                    D.Categorical(logit=inputs[1])),

    def forward_expected(self, inputs):
        p, q = (special.softmax(t, axis=-1) for t in inputs)
        return stats.entropy(p, q, axis=-1),


def test_samples_follow_the_probabilities():
    p = numpy.array([[0.1, 0.2, 0.7], [0.5, 0.0, 0.5]])
    n = 60000
    s = D.Categorical(p).sample(n).array
    assert s.shape == (n, 2) and s.dtype == numpy.int64
    for row in range(2):
        freq = numpy.bincount(s[:, row], minlength=3) / n
        se = numpy.sqrt(p[row] * (1 - p[row]) / n)
        numpy.testing.assert_array_less(numpy.abs(freq - p[row]), 5 * se + 1e-12)
    assert (s[:, 1] != 1).all()       # a zero probability is never drawn


def test_zero_probability_entropy_and_kl():
    p = D.Categorical(numpy.array([0.5, 0.5, 0.0]))
    q = D.Categorical(numpy.array([0.25, 0.25, 0.5]))
    numpy.testing.assert_allclose(p.entropy.array, numpy.log(2))
    with numpy.errstate(divide='ignore'):
        numpy.testing.assert_allclose(kusari.kl_divergence(p, q).array, numpy.log(2))
    assert p.batch_shape == () and p.event_shape == ()


def test_kl_against_monte_carlo(checks):
    checks.kl_monte_carlo(D.Categorical(logit=numpy.array([[0.0, 1.0, -1.0]])),
                          D.Categorical(numpy.array([[0.2, 0.3, 0.5]])))


def test_p_and_logit_exclusive():
    with pytest.raises(ValueError, match='Either `p` or `logit`'):
        D.Categorical()
