import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestExp(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.exp(*inputs),

    def forward_expected(self, inputs):
        return numpy.exp(*inputs),


class TestLog(testing.FunctionTestCase):
    params = testing.product({'shape': [(3, 2), ()], 'name': ['log', 'log2', 'log10']})

    def generate_inputs(self):
        return self.uniform(0.5, 2, self.shape),

    def forward(self, inputs, device):
        return getattr(F, self.name)(*inputs),

    def forward_expected(self, inputs):
        return getattr(numpy, self.name)(*inputs),


@pytest.mark.parametrize('func', [F.exp, F.log, F.log2, F.log10])
def test_integer_input_is_refused(func):
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        func(numpy.arange(3))
