import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestGaussian(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]

    def generate_inputs(self):
        self.eps = self.normal(self.shape)
        return self.uniform(-1, 1, self.shape), self.uniform(-1, 1, self.shape)

    def forward(self, inputs, device):
        return F.gaussian(*inputs, eps=self.eps.astype(inputs[0].dtype)),

    def forward_expected(self, inputs):
        m, v = inputs
        return m + numpy.exp(v / 2) * self.eps,


def test_random_eps_follows_numpy_seed():
    m = numpy.zeros((400,), numpy.float32)
    v = numpy.full((400,), numpy.log(4.0), numpy.float32)
    numpy.random.seed(5)
    y, eps = F.gaussian(m, v, return_eps=True)
    numpy.random.seed(5)
    numpy.testing.assert_allclose(eps, numpy.random.standard_normal(400).astype(numpy.float32))
    numpy.testing.assert_allclose(y.array, 2 * eps, rtol=1e-6)
    assert 1.7 < float(y.array.std()) < 2.3 and y.dtype == numpy.float32


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'mean.shape == ln_var.shape'):
        F.gaussian(x, numpy.zeros((3, 2), numpy.float32))
    with pytest.raises(InvalidType, match=r'mean.dtype == ln_var.dtype'):
        F.gaussian(x, x.astype(numpy.float64))
    with pytest.raises(TypeError, match='unexpected keyword'):
        F.gaussian(x, x, noise=1)
