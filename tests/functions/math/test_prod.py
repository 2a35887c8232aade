import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestProd(testing.FunctionTestCase):
    params = [{'shape': (3, 4), 'axis': None, 'keepdims': False},
              {'shape': (3, 5), 'axis': 1, 'keepdims': True},
              {'shape': (2, 3, 2), 'axis': (0, 2), 'keepdims': False},
              {'shape': (2, 3, 2), 'axis': -2, 'keepdims': False},
              {'shape': (2, 1), 'axis': 1, 'keepdims': False},
              {'shape': (), 'axis': None, 'keepdims': False}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(0.5, 1.5, self.shape) * self.rng.choice([-1.0, 1.0], self.shape),

    def forward(self, inputs, device):
        return F.prod(*inputs, axis=self.axis, keepdims=self.keepdims),

    def forward_expected(self, inputs):
        return numpy.asarray(numpy.prod(inputs[0], axis=self.axis, keepdims=self.keepdims)),


class TestProdWithZeros(testing.FunctionTestCase):
    """The gradient is the product of the others, also where an element is zero."""

    params = [{'zeros': 1}, {'zeros': 2}]
    dtypes = (numpy.float64,)

    def generate_inputs(self):
        x = self.uniform(0.5, 1.5, (2, 6))
        x[0, 1] = 0.0
        if self.zeros == 2:
            x[1, 2] = x[1, 4] = 0.0
        return x,

    def forward(self, inputs, device):
        return F.prod(*inputs, axis=1),

    def forward_expected(self, inputs):
        return numpy.prod(inputs[0], axis=1),


def test_prod_gradient_with_a_zero():
    x = kusari.Variable(numpy.array([2.0, 0.0, 3.0, 5.0]))
    F.prod(x).backward()
    numpy.testing.assert_array_equal(x.grad, [0.0, 30.0, 0.0, 0.0])


def test_prod_errors():
    x = numpy.ones((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'Prod.*\n\nExpect: -x.ndim <= axis < x.ndim'):
        F.prod(x, axis=2)
    with pytest.raises(ValueError, match='duplicate value in axis'):
        F.prod(x, axis=(1, 1))
    with pytest.raises(TypeError, match='None, int or tuple of int are required'):
        F.prod(x, axis=1.0)
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.prod(numpy.ones(3, numpy.int32))
