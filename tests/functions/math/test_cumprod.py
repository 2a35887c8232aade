import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import gradient_check, testing
from kusari.functions.math.cumprod import LinearRecurrence
from kusari.utils.type_check import InvalidType


class TestCumprod(testing.FunctionTestCase):
    params = [{'shape': (3, 4), 'axis': None}, {'shape': (3, 4), 'axis': 1},
              {'shape': (2, 3, 2), 'axis': 0}, {'shape': (2, 3, 2), 'axis': -2},
              {'shape': (4, 1), 'axis': 1}, {'shape': (), 'axis': None}]
    check_order3 = True
    # float16 products of up to 12 factors drift by a few ulps
    tolerances = {('forward', 'float16'): dict(atol=1e-2, rtol=1e-2)}

    def generate_inputs(self):
        x = self.uniform(0.5, 1.5, self.shape) * self.rng.choice([-1, 1], self.shape)
        return x,

    def forward(self, inputs, device):
        return F.cumprod(*inputs, axis=self.axis),

    def forward_expected(self, inputs):
        return numpy.cumprod(inputs[0], axis=self.axis),


class TestCumprodWithZeros(testing.FunctionTestCase):
    """Zeros in the input: the gradient must not divide by x."""
    params = [{'axis': 0}, {'axis': 1}]
    check_order3 = True
    dtypes = (numpy.float64,)

    def generate_inputs(self):
        x = self.uniform(0.5, 1.5, (4, 3))
        x[1, 0] = x[2, 2] = x[0, 1] = 0.0
        return x,

    def forward(self, inputs, device):
        return F.cumprod(*inputs, axis=self.axis),

    def forward_expected(self, inputs):
        return numpy.cumprod(inputs[0], axis=self.axis),


class TestLinearRecurrence(testing.FunctionTestCase):
    """z_0 = b_0, z_i = a_{i-1} z_{i-1} + b_i along an axis (the node behind cumprod's
    gradient)."""
    params = [{'axis': 0}, {'axis': 1}]
    check_order3 = True

    def generate_inputs(self):
        n = 4
        a_shape = (n - 1, 2) if self.axis == 0 else (2, n - 1)
        b_shape = (n, 2) if self.axis == 0 else (2, n)
        return self.uniform(-1, 1, a_shape), self.uniform(-1, 1, b_shape)

    def forward(self, inputs, device):
        return LinearRecurrence(self.axis).apply(inputs)[0],

    def forward_expected(self, inputs):
        a, b = (numpy.moveaxis(v, self.axis, 0) for v in inputs)
        z = numpy.empty_like(b)
        z[0] = b[0]
        for i in range(1, len(b)):
            z[i] = a[i - 1] * z[i - 1] + b[i]
        return numpy.moveaxis(z, 0, self.axis),


def test_cumprod_third_order_with_respect_to_zero_entries():
    x = numpy.array([0.0, 1.3, -0.7, 0.0, 2.0])
    gy, ggx, ggy = (numpy.random.RandomState(1).normal(size=5) for _ in range(3))

    def first(x, g):
        xv = x
        y = F.cumprod(xv)
        gx, = kusari.grad([y], [xv], [g], enable_double_backprop=True)
        return gx,

    gradient_check.check_double_backward(first, (x, gy), (ggx,), (ggx, ggy), atol=1e-5,
                                         rtol=1e-4)


def test_cumprod_errors():
    x = numpy.ones((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'Cumprod.*\n\nExpect: -x.ndim <= axis < x.ndim'):
        F.cumprod(x, axis=2)
    with pytest.raises(TypeError, match='cumprod: axis must be int or None'):
        F.cumprod(x, axis=(0,))
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.cumprod(numpy.ones(3, numpy.int32), axis=0)
