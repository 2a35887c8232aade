import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestLinear(testing.FunctionTestCase):
    params = [
        {'xs': (3, 4), 'n_batch_axes': 1, 'nobias': False},
        {'xs': (3, 2, 2), 'n_batch_axes': 1, 'nobias': True},
        {'xs': (2, 3, 4), 'n_batch_axes': 2, 'nobias': False},
    ]

    def generate_inputs(self):
        i = int(numpy.prod(self.xs[self.n_batch_axes:]))
        x = self.uniform(-1, 1, self.xs)
        W = self.uniform(-1, 1, (5, i))
        return (x, W) if self.nobias else (x, W, self.uniform(-1, 1, (5,)))

    def forward(self, inputs, device):
        return F.linear(*inputs, n_batch_axes=self.n_batch_axes),

    def forward_expected(self, inputs):
        x, W = inputs[:2]
        batch = x.shape[:self.n_batch_axes]
        y = x.reshape(int(numpy.prod(batch)), -1) @ W.T
        if len(inputs) == 3:
            y = y + inputs[2]
        return y.reshape(batch + (5,)),


def test_n_batch_axes_not_positive():
    with pytest.raises(ValueError, match='n_batch_axes should be greater than 0.'):
        F.linear(numpy.ones((2, 3)), numpy.ones((4, 3)), n_batch_axes=0)


def test_shape_mismatch():
    with pytest.raises(InvalidType, match=r'x.shape\[1\] == W.shape\[1\]'):
        F.linear(numpy.ones((2, 3)), numpy.ones((4, 2)))


def test_bias_shape():
    with pytest.raises(InvalidType, match=r'b.shape\[0\] == W.shape\[0\]'):
        F.linear(numpy.ones((2, 3)), numpy.ones((4, 3)), numpy.ones(3))


def test_integer_input():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.linear(numpy.ones((2, 3), numpy.int32), numpy.ones((4, 3)))


def test_linear_with_a_weight_of_another_float_dtype_keeps_x_dtype():
    x = kusari.Variable(numpy.ones((2, 3), numpy.float16))
    W = kusari.Variable(numpy.full((4, 3), 0.5, numpy.float32))
    y = F.linear(x, W)
    assert y.dtype == numpy.float16
    numpy.testing.assert_allclose(y.array, numpy.full((2, 4), 1.5))
    F.sum(y).backward()
    assert x.grad.dtype == numpy.float16 and W.grad.dtype == numpy.float32
    numpy.testing.assert_allclose(W.grad, numpy.full((4, 3), 2.0))
