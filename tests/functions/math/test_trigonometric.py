import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType

UNARY = ['sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan']


class TestTrigonometric(testing.FunctionTestCase):
    params = testing.product({'shape': [(3, 2), ()], 'name': UNARY})
    check_order3 = True
    tolerances = {
        # float16 rounding of x is amplified by tan's and arcsin's steep slopes
        ('forward', 'float16'): dict(atol=1e-2, rtol=1e-2),
    }

    def generate_inputs(self):
        return self.uniform(-0.8, 0.8, self.shape),

    def forward(self, inputs, device):
        return getattr(F, self.name)(*inputs),

    def forward_expected(self, inputs):
        return getattr(numpy, self.name)(*inputs),


class TestArctan2(testing.FunctionTestCase):
    params = [{'shapes': ((3, 2), (3, 2))}, {'shapes': ((3, 2), (2,))}, {'shapes': ((), ())}]
    check_order3 = True

    def generate_inputs(self):
        s1, s2 = self.shapes
        x1 = self.uniform(0.5, 1.5, s1) * self.rng.choice([-1.0, 1.0], s1)
        x2 = self.uniform(0.5, 1.5, s2) * self.rng.choice([-1.0, 1.0], s2)
        return numpy.asarray(x1), numpy.asarray(x2)

    def forward(self, inputs, device):
        return F.arctan2(*inputs),

    def forward_expected(self, inputs):
        return numpy.arctan2(*inputs),


@pytest.mark.parametrize('name', UNARY)
def test_integer_input_is_refused(name):
    with pytest.raises(InvalidType, match=r"{}.*\n\nExpect: x.dtype.kind == 'f'".format(name)):
        getattr(F, name)(numpy.arange(3))


def test_arctan2_errors():
    x = numpy.ones(3, numpy.float32)
    with pytest.raises(InvalidType, match=r"arctan2.*\n\nExpect: x2.dtype.kind == 'f'"):
        F.arctan2(x, numpy.ones(3, numpy.int32))
    with pytest.raises(InvalidType, match=r'Expect: x1.dtype == x2.dtype'):
        F.arctan2(x, numpy.ones(3, numpy.float64))
    with pytest.raises(InvalidType, match=r'Expect: x1.shape and x2.shape can be broadcast'):
        F.arctan2(x, numpy.ones(2, numpy.float32))
