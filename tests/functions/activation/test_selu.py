import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType

ALPHA = 1.6732632423543772848170429916717
SCALE = 1.0507009873554804934193349852946


class TestSELU(testing.FunctionTestCase):
    params = [{'shape': (3, 2), 'kw': {}}, {'shape': (4,), 'kw': {'alpha': 0.5, 'scale': 2.0}}]

    def generate_inputs(self):
        x = self.rng.uniform(0.1, 1.5, self.shape) * self.rng.choice([-1.0, 1.0], self.shape)
        return numpy.asarray(x),

    def forward(self, inputs, device):
        return F.selu(*inputs, **self.kw),

    def forward_expected(self, inputs):
        x, = inputs
        a = self.kw.get('alpha', ALPHA)
        s = self.kw.get('scale', SCALE)
        return s * numpy.where(x >= 0, x, a * (numpy.exp(x) - 1)),


def test_selu_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.selu(numpy.arange(3))
