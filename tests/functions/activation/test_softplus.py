import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestSoftplus(testing.FunctionTestCase):
    params = [{'shape': (3, 2), 'beta': 1.0}, {'shape': (), 'beta': 2.5}]

    def generate_inputs(self):
        return self.uniform(-2, 2, self.shape),

    def forward(self, inputs, device):
        return F.softplus(*inputs, beta=self.beta),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.log1p(numpy.exp(self.beta * x)) / self.beta,


def test_softplus_is_stable_for_large_inputs():
    with numpy.errstate(over='raise'):
        y = F.softplus(numpy.array([-1e4, 0.0, 1e4])).array
    numpy.testing.assert_allclose(y, [0.0, numpy.log(2.0), 1e4])


def test_softplus_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"Softplus.*\n\nExpect: x.dtype.kind == 'f'"):
        F.softplus(numpy.arange(3))
