"""average and mean (with and without weights)."""
import numpy
import pytest

import kusari.functions as F
from kusari import Variable, testing
from kusari.utils.type_check import InvalidType


class TestAverage(testing.FunctionTestCase):
    params = [
        {'shape': (3, 4), 'axis': None, 'keepdims': False, 'f': 'average'},
        {'shape': (3, 4), 'axis': 1, 'keepdims': True, 'f': 'mean'},
        {'shape': (2, 3, 4), 'axis': (0, 2), 'keepdims': False, 'f': 'average'},
        {'shape': (2, 3, 4), 'axis': -2, 'keepdims': False, 'f': 'mean'},
    ]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return getattr(F, self.f)(inputs[0], axis=self.axis, keepdims=self.keepdims),

    def forward_expected(self, inputs):
        return numpy.asarray(inputs[0].mean(axis=self.axis, keepdims=self.keepdims)),


class TestWeightedAverage(testing.FunctionTestCase):
    params = [
        {'shape': (3, 4), 'axis': 1, 'w_shape': (4,), 'keepdims': False},
        {'shape': (3, 4), 'axis': 0, 'w_shape': (3,), 'keepdims': True},
        {'shape': (3, 4), 'axis': None, 'w_shape': (3, 4), 'keepdims': False},
    ]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape), self.uniform(0.5, 1.5, self.w_shape)

    def forward(self, inputs, device):
        x, w = inputs
        return F.average(x, axis=self.axis, weights=w, keepdims=self.keepdims),

    def forward_expected(self, inputs):
        x, w = inputs
        y = numpy.average(x, axis=self.axis, weights=w)
        if self.keepdims:
            y = numpy.expand_dims(y, self.axis)
        return numpy.asarray(y),


def test_average_dtype_and_0d():
    y = F.average(Variable(numpy.ones((2, 3), numpy.float16)))
    assert y.dtype == numpy.float16 and y.shape == ()


def test_average_bad_weights_with_axis():
    with pytest.raises(InvalidType, match=r'(?s)Average.*weights\.shape == \(x\.shape\[axis\],\)'
                                          r'.*weights\.shape=\(3,\), x\.shape=\(3, 4\), axis=1'):
        F.average(numpy.ones((3, 4)), axis=1, weights=numpy.ones(3))


def test_average_bad_weights_without_axis():
    with pytest.raises(InvalidType, match=r'(?s)Average.*weights\.shape == x\.shape.*'
                                          r'weights\.shape=\(4,\), x\.shape=\(3, 4\)'):
        F.average(numpy.ones((3, 4)), weights=numpy.ones(4))


def test_average_axis_out_of_range():
    with pytest.raises(InvalidType, match=r'(?s)Average.*axis=2, x\.ndim=2'):
        F.average(numpy.ones((3, 4)), axis=2)
