import numpy
import pytest
from scipy import stats

import kusari
import kusari.distributions as D
from kusari import testing
from kusari.distributions import multivariate_normal as mvn
from kusari.utils.type_check import InvalidType


def _tril(rng, shape, d):
    """Random lower-triangular factors with a diagonal in [0.5, 1.5] (either sign)."""
    a = numpy.tril(rng.uniform(-0.5, 0.5, shape + (d, d)), -1)
    diag = rng.uniform(0.5, 1.5, shape + (d,)) * rng.choice([-1.0, 1.0], shape + (d,))
    return a + diag[..., None] * numpy.eye(d)


class TestMultivariateNormalLogProb(testing.FunctionTestCase):
    params = [{'batch': (2,)}, {'batch': ()}]
    check_order3 = True
    tolerances = {
        # float16 arithmetic through a triangular inverse and a matrix product
        ('forward', 'float16'): dict(atol=3e-2, rtol=1e-2),
        ('grad', 'float16'): dict(atol=3e-2, rtol=3e-2),
    }

    def generate_inputs(self):
        return (self.uniform(-1, 1, self.batch + (3,)), _tril(self.rng, self.batch, 3),
                self.uniform(-2, 2, (4,) + self.batch + (3,)))

    def forward(self, inputs, device):
        loc, tril, x = inputs
        return D.MultivariateNormal(loc, scale_tril=tril).log_prob(x),

    def forward_expected(self, inputs):
        loc, tril, x = inputs
        tril = numpy.tril(tril)
        cov = tril @ numpy.swapaxes(tril, -1, -2)
        lb, cb = loc.reshape(-1, 3), cov.reshape(-1, 3, 3)
        xb = x.reshape(4, -1, 3)
        out = numpy.stack([stats.multivariate_normal.logpdf(xb[:, i], lb[i], cb[i])
                           for i in range(len(lb))], axis=-1)
        return out.reshape((4,) + loc.shape[:-1]),


class TestMultivariateNormalEntropyAndKL(testing.FunctionTestCase):
    params = [{'what': 'entropy'}, {'what': 'kl'}]
    check_order3 = True

    def generate_inputs(self):
        return (self.uniform(-1, 1, (2, 3)), _tril(self.rng, (2,), 3),
                self.uniform(-1, 1, (2, 3)), _tril(self.rng, (2,), 3))

    def forward(self, inputs, device):
        l1, t1, l2, t2 = inputs
        p = D.MultivariateNormal(l1, scale_tril=t1)
        if self.what == 'entropy':
            return p.entropy,
        return kusari.kl_divergence(p, D.MultivariateNormal(l2, scale_tril=t2)),

    def forward_expected(self, inputs):
        l1, t1, l2, t2 = inputs
        c1 = numpy.tril(t1) @ numpy.swapaxes(numpy.tril(t1), -1, -2)
        c2 = numpy.tril(t2) @ numpy.swapaxes(numpy.tril(t2), -1, -2)
        if self.what == 'entropy':
            return numpy.array([stats.multivariate_normal.entropy(l1[i], c1[i])
                                for i in range(2)]),
        inv2 = numpy.linalg.inv(c2)
        d = l2 - l1
        return 0.5 * (numpy.trace(inv2 @ c1, axis1=-2, axis2=-1)
                      + numpy.einsum('bi,bij,bj->b', d, inv2, d) - 3
                      + numpy.linalg.slogdet(c2)[1] - numpy.linalg.slogdet(c1)[1]),


class TestTriangularInv(testing.FunctionTestCase):
    params = testing.product({'lower': [True, False], 'batch': [(), (2,)]})
    check_order3 = True
    tolerances = {('grad', 'float16'): dict(atol=3e-2, rtol=3e-2)}

    def generate_inputs(self):
        t = _tril(self.rng, self.batch, 3)
        return t if self.lower else numpy.swapaxes(t, -1, -2),

    def forward(self, inputs, device):
        return mvn._triangular_inv(inputs[0], lower=self.lower),

    def forward_expected(self, inputs):
        return numpy.linalg.inv(inputs[0]),


def test_triangular_inv_reads_one_triangle_and_checks_its_input():
    t = numpy.array([[2.0, 5.0], [1.0, 4.0]])
    numpy.testing.assert_allclose(mvn._triangular_inv(t).array,
                                  numpy.linalg.inv(numpy.tril(t)))
    numpy.testing.assert_allclose(mvn._triangular_inv(t, lower=False).array,
                                  numpy.linalg.inv(numpy.triu(t)))
    assert mvn._triangular_inv(numpy.zeros((0, 0))).shape == (0, 0)
    with pytest.raises(InvalidType, match=r'triangular_inv[\s\S]*square'):
        mvn._triangular_inv(numpy.zeros((2, 3)))


def test_moments_samples_and_reparameterization(checks):
    loc = numpy.array([[0.0, 1.0], [-1.0, 2.0]])
    tril = numpy.array([[[1.0, 0.0], [0.5, 0.8]], [[2.0, 0.0], [-1.0, 0.3]]])
    d = D.MultivariateNormal(loc, scale_tril=tril)
    assert d.batch_shape == (2,) and d.event_shape == (2,) and d.d == 2
    assert d.support == 'real' and set(d.params) == {'loc', 'scale_tril'}
    cov = tril @ numpy.swapaxes(tril, -1, -2)
    numpy.testing.assert_allclose(d.covariance.array, cov)
    numpy.testing.assert_allclose(d.variance.array, numpy.diagonal(cov, axis1=-2, axis2=-1))
    numpy.testing.assert_allclose(d.mean.array, loc)
    s = checks.moments(d, loc, numpy.diagonal(cov, axis1=-2, axis2=-1))
    sample_cov = numpy.einsum('nbi,nbj->bij', s - loc, s - loc) / len(s)
    numpy.testing.assert_allclose(sample_cov, cov, atol=0.1)

    def f(loc, tril):
        numpy.random.seed(8)
        return D.MultivariateNormal(loc, scale_tril=tril).sample(2)
    checks.orders(f, (loc, tril))


def test_kl_against_monte_carlo(checks):
    p = D.MultivariateNormal(numpy.array([0.0, 1.0, 0.5]),
                             scale_tril=numpy.array([[1.0, 0, 0], [0.3, 0.7, 0],
                                                     [-0.2, 0.1, 1.2]]))
    q = D.MultivariateNormal(numpy.array([0.5, 0.0, 0.0]),
                             scale_tril=numpy.array([[1.5, 0, 0], [0.0, 1.0, 0],
                                                     [0.4, 0.2, 0.9]]))
    checks.kl_monte_carlo(p, q)


def test_scale_tril_is_required():
    with pytest.raises(ValueError, match='`scale_tril` must have a value'):
        D.MultivariateNormal(numpy.zeros(3))
