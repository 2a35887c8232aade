import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestHyperbolic(testing.FunctionTestCase):
    params = testing.product({'shape': [(3, 2), ()], 'name': ['sinh', 'cosh']})
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-2, 2, self.shape),

    def forward(self, inputs, device):
        return getattr(F, self.name)(*inputs),

    def forward_expected(self, inputs):
        return getattr(numpy, self.name)(*inputs),


@pytest.mark.parametrize('name', ['sinh', 'cosh'])
def test_integer_input_is_refused(name):
    with pytest.raises(InvalidType, match=r"{}.*\n\nExpect: x.dtype.kind == 'f'".format(name)):
        getattr(F, name)(numpy.arange(3))
