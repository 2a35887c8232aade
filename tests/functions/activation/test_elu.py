import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _signed(rng, shape):
    return numpy.asarray(rng.uniform(0.1, 1.5, shape) * rng.choice([-1.0, 1.0], shape))


class TestELU(testing.FunctionTestCase):
    params = [{'shape': (3, 2), 'alpha': 1.0}, {'shape': (), 'alpha': 0.5},
              {'shape': (4,), 'alpha': 2.0}]
    check_order3 = True

    def generate_inputs(self):
        return _signed(self.rng, self.shape),

    def forward(self, inputs, device):
        return F.elu(*inputs, alpha=self.alpha),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.where(x >= 0, x, self.alpha * (numpy.exp(x) - 1)),


def test_elu_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"ELU.*\n\nExpect: x.dtype.kind == 'f'"):
        F.elu(numpy.arange(3))
