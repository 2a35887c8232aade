"""average and mean (with and without weights)."""
import numpy
import pytest

import kusari.functions as F
from kusari import Variable, as_variable, testing
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


def test_average_weights_with_several_axes_is_value_error():
    """As in Chainer: weights go with one axis (or all), not a tuple of several."""
    x = numpy.ones((2, 3, 4))
    with pytest.raises(ValueError, match='tuple axis is not supported when weights'):
        F.average(x, axis=(0, 1), weights=numpy.ones((2, 3)))
    with pytest.raises(ValueError, match='duplicate value'):
        F.average(x, axis=(1, -2))
    # a tuple of one axis is the int axis
    w = numpy.array([1., 2., 3.])
    y = F.average(numpy.arange(12.).reshape(4, 3), axis=(1,), weights=w)
    numpy.testing.assert_allclose(y.array, numpy.average(numpy.arange(12.).reshape(4, 3),
                                                         axis=1, weights=w))


class TestVariableMean(testing.FunctionTestCase):
    """``Variable.mean`` is ``F.average`` (Chainer's method, with keyword-only weights)."""

    params = [{'axis': None, 'weighted': False, 'keepdims': False},
              {'axis': 1, 'weighted': True, 'keepdims': True},
              {'axis': (0, 2), 'weighted': False, 'keepdims': True}]

    def generate_inputs(self):
        return self.uniform(-1, 1, (2, 3, 4)), self.uniform(0.5, 1.5, (3,))

    def forward(self, inputs, device):
        x, w = inputs
        x = as_variable(x)
        if self.weighted:
            return x.mean(self.axis, weights=w, keepdims=self.keepdims),
        return x.mean(axis=self.axis, keepdims=self.keepdims) + 0 * F.sum(w),

    def forward_expected(self, inputs):
        x, w = inputs
        if self.weighted:
            y = numpy.average(x, axis=self.axis, weights=w)
            return numpy.expand_dims(y, self.axis) if self.keepdims else y,
        return numpy.asarray(x.mean(axis=self.axis, keepdims=self.keepdims)),


def test_variable_mean_weights_keyword_only():
    with pytest.raises(TypeError):
        Variable(numpy.ones((2, 3))).mean(1, numpy.ones(3))
