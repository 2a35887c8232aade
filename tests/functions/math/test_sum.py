"""sum and sum_to."""
import numpy
import pytest

import kusari.functions as F
from kusari import Variable, testing
from kusari.utils.type_check import InvalidType


class TestSum(testing.FunctionTestCase):
    params = [
        {'shape': (3, 4), 'axis': None, 'keepdims': False},
        {'shape': (3, 4), 'axis': None, 'keepdims': True},
        {'shape': (3, 4), 'axis': 1, 'keepdims': False},
        {'shape': (2, 3, 4), 'axis': (0, 2), 'keepdims': False},
        {'shape': (2, 3, 4), 'axis': -1, 'keepdims': True},
        {'shape': (2, 3, 4), 'axis': (-3, 1), 'keepdims': True},
        {'shape': (), 'axis': None, 'keepdims': False},
    ]

    def generate_inputs(self):
        # positive values keep the float16 forward within relative tolerance
        return self.uniform(0.5, 1.0, self.shape),

    def forward(self, inputs, device):
        return F.sum(inputs[0], axis=self.axis, keepdims=self.keepdims),

    def forward_expected(self, inputs):
        return numpy.asarray(inputs[0].sum(axis=self.axis, keepdims=self.keepdims)),


def test_sum_float16_accumulates_in_float32():
    x = numpy.full(4096, 1.0, numpy.float16)  # a float16 running sum stalls at 2048
    y = F.sum(x)
    assert y.dtype == numpy.float16 and float(y.array) == 4096.0


def test_sum_returns_0d_array():
    y = F.sum(Variable(numpy.ones((2, 2), numpy.float32)))
    assert isinstance(y.array, numpy.ndarray) and y.shape == () and y.dtype == numpy.float32


@pytest.mark.parametrize('axis', [2, -3, (0, 2)])
def test_sum_axis_out_of_range(axis):
    with pytest.raises(InvalidType, match=r'(?s)Sum.*-x\.ndim <= axis < x\.ndim.*x\.ndim=2'):
        F.sum(numpy.ones((2, 3)), axis=axis)


def test_sum_duplicate_axis():
    with pytest.raises(ValueError, match=r'Sum: duplicate value in axis \(1, -1\)'):
        F.sum(numpy.ones((2, 3)), axis=(1, -1))


@pytest.mark.parametrize('axis', [1.0, [0], (0, 'a')])
def test_sum_bad_axis_type(axis):
    with pytest.raises(TypeError, match='Sum: axis must be None, an int or a tuple of ints'):
        F.sum(numpy.ones((2, 3)), axis=axis)


class TestSumTo(testing.FunctionTestCase):
    params = [
        {'in_shape': (3, 4), 'shape': (1, 4)},
        {'in_shape': (2, 3, 4), 'shape': (3, 1)},
        {'in_shape': (2, 3), 'shape': ()},
        {'in_shape': (2, 3), 'shape': (3,)},
    ]

    def generate_inputs(self):
        return self.uniform(0.5, 1.0, self.in_shape),

    def forward(self, inputs, device):
        return F.sum_to(inputs[0], self.shape),

    def forward_expected(self, inputs):
        x, = inputs
        lead = x.ndim - len(self.shape)
        axes = tuple(range(lead)) + tuple(
            i + lead for i, s in enumerate(self.shape) if s == 1 and x.shape[i + lead] != 1)
        return numpy.asarray(x.sum(axis=axes, keepdims=True).reshape(self.shape)),


def test_sum_to_same_shape_returns_the_variable():
    x = Variable(numpy.ones((2, 3)))
    assert F.sum_to(x, (2, 3)) is x


@pytest.mark.parametrize('shape', [(2,), (4, 2, 3), (3, 3)])
def test_sum_to_bad_shape(shape):
    with pytest.raises(InvalidType, match=r'(?s)SumTo.*x\.shape can be summed to {}.*'
                                          r'x\.shape=\(2, 3\)'.format(r'\(' + r'.*' + r'\)')):
        F.sum_to(numpy.ones((2, 3)), shape)
