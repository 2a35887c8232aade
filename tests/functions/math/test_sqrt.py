"""sqrt and rsqrt."""
import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestSqrt(testing.FunctionTestCase):
    check_order3 = True
    params = testing.product({'shape': [(3, 2), ()], 'f': ['sqrt', 'rsqrt']})

    def generate_inputs(self):
        return self.uniform(0.5, 2.0, self.shape),

    def forward(self, inputs, device):
        return getattr(F, self.f)(inputs[0]),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.asarray(numpy.sqrt(x) if self.f == 'sqrt' else 1 / numpy.sqrt(x)),


@pytest.mark.parametrize('f', [F.sqrt, F.rsqrt])
def test_integer_input_is_refused(f):
    with pytest.raises(InvalidType, match=r"(?s)sqrt \(Forward\).*x\.dtype\.kind == 'f'.*"
                                          r'x\.dtype=int64'):
        f(numpy.arange(3, dtype=numpy.int64))
