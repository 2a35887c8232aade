"""reshape."""
import numpy
import pytest

import kusari.functions as F
from kusari import Variable, testing
from kusari.utils.type_check import InvalidType


class TestReshape(testing.FunctionTestCase):
    params = [
        {'in_shape': (2, 3), 'shape': (3, 2)},
        {'in_shape': (2, 3, 4), 'shape': (-1, 4)},
        {'in_shape': (2, 3), 'shape': (6,)},
        {'in_shape': (1,), 'shape': ()},
        {'in_shape': (), 'shape': (1, 1)},
    ]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.in_shape),

    def forward(self, inputs, device):
        return F.reshape(inputs[0], self.shape),

    def forward_expected(self, inputs):
        return inputs[0].reshape(self.shape),


def test_reshape_same_shape_returns_the_variable():
    x = Variable(numpy.ones((2, 3)))
    assert F.reshape(x, (2, 3)) is x


def test_reshape_int_shape():
    assert F.reshape(numpy.ones((2, 3)), 6).shape == (6,)


def test_reshape_size_mismatch():
    with pytest.raises(InvalidType, match=r'(?s)Reshape \(Forward\).*x\.size == the product of '
                                          r'shape \(4, 2\).*x\.shape=\(2, 3\) \(size 6\), '
                                          r'shape=\(4, 2\) \(size 8\)'):
        F.reshape(numpy.ones((2, 3)), (4, 2))


def test_reshape_unknown_not_divisible():
    with pytest.raises(InvalidType, match=r'(?s)Reshape.*x\.size is divisible by 4.*'
                                          r'x\.shape=\(2, 3\), shape=\(-1, 4\)'):
        F.reshape(numpy.ones((2, 3)), (-1, 4))


def test_reshape_two_unknowns_and_negative():
    with pytest.raises(ValueError, match=r'Reshape: only one -1 is allowed in shape \(-1, -1\)'):
        F.reshape(numpy.ones((2, 3)), (-1, -1))
    with pytest.raises(ValueError, match=r'Reshape: negative dimension in shape \(-2, 3\)'):
        F.reshape(numpy.ones((2, 3)), (-2, 3))
