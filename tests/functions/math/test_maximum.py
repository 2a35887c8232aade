import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestMaximumMinimum(testing.FunctionTestCase):
    params = testing.product({'shapes': [((3, 2), (3, 2)), ((3, 2), (2,)), ((), (2, 2))],
                              'name': ['maximum', 'minimum']})

    def generate_inputs(self):
        s1, s2 = self.shapes
        x1 = self.uniform(-1, 1, s1)
        x2 = self.uniform(-1, 1, s2)
        # keep the two inputs apart so that no element sits on the kink
        x2 = numpy.where(abs(x1 - x2) < 0.2, x2 + 0.5, x2) if s1 == s2 else x2
        if s1 != s2:
            b1, b2 = numpy.broadcast_arrays(x1, x2)
            assert (abs(b1 - b2) > 1e-3).all()
        return numpy.asarray(x1), numpy.asarray(x2)

    def forward(self, inputs, device):
        return getattr(F, self.name)(*inputs),

    def forward_expected(self, inputs):
        return getattr(numpy, self.name)(*inputs),


def test_ties_send_the_gradient_to_x1():
    a = kusari.Variable(numpy.array([1.0, 2.0]))
    b = kusari.Variable(numpy.array([1.0, 3.0]))
    F.sum(F.maximum(a, b)).backward()
    numpy.testing.assert_array_equal(a.grad, [1, 0])
    numpy.testing.assert_array_equal(b.grad, [0, 1])


@pytest.mark.parametrize('f', [F.maximum, F.minimum])
def test_errors(f):
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'Expect: x1.dtype == x2.dtype'):
        f(x, numpy.zeros((2, 3), numpy.float64))
    with pytest.raises(InvalidType, match=r'Expect: x1.shape and x2.shape can be broadcast'):
        f(x, numpy.zeros((2, 2), numpy.float32))
    with pytest.raises(InvalidType, match=r"Expect: x1.dtype.kind == 'f'"):
        f(numpy.zeros(3, numpy.int32), numpy.zeros(3, numpy.int32))
