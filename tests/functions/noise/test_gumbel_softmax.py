import numpy

import kusari
import kusari.functions as F
from kusari import testing


class TestGumbelSoftmax(testing.FunctionTestCase):
    params = [{'shape': (3, 4), 'axis': 1, 'tau': 1.0}, {'shape': (2, 3, 2), 'axis': 2,
                                                          'tau': 0.5}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        numpy.random.seed(7)   # the same noise in every call
        return F.gumbel_softmax(inputs[0], self.tau, self.axis),

    def forward_expected(self, inputs):
        numpy.random.seed(7)
        g = numpy.random.gumbel(size=self.shape)
        z = (inputs[0] + g.astype(inputs[0].dtype)) / self.tau
        e = numpy.exp(z - z.max(axis=self.axis, keepdims=True))
        return e / e.sum(axis=self.axis, keepdims=True),


def test_sums_to_one_and_samples_the_distribution():
    log_pi = numpy.log(numpy.array([[0.7, 0.2, 0.1]] * 4000, numpy.float32))
    y = F.gumbel_softmax(log_pi, tau=0.01)
    numpy.testing.assert_allclose(y.array.sum(axis=1), 1, rtol=1e-5)
    freq = numpy.bincount(y.array.argmax(axis=1), minlength=3) / 4000
    numpy.testing.assert_allclose(freq, [0.7, 0.2, 0.1], atol=0.03)


def test_scalar_input():
    y = F.gumbel_softmax(numpy.zeros((), numpy.float32))
    assert isinstance(y, kusari.Variable) and float(y.array) == 1.0
