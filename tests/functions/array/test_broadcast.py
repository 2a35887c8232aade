"""broadcast_to and broadcast."""
import numpy
import pytest

import kusari.functions as F
from kusari import Variable, testing
from kusari.utils.type_check import InvalidType


class TestBroadcastTo(testing.FunctionTestCase):
    params = [
        {'in_shape': (3, 1), 'shape': (3, 4)},
        {'in_shape': (4,), 'shape': (2, 3, 4)},
        {'in_shape': (), 'shape': (2, 3)},
        {'in_shape': (1, 3, 1), 'shape': (2, 3, 4)},
    ]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.in_shape),

    def forward(self, inputs, device):
        return F.broadcast_to(inputs[0], self.shape),

    def forward_expected(self, inputs):
        return numpy.broadcast_to(inputs[0], self.shape),


class TestBroadcast(testing.FunctionTestCase):
    params = [{}]

    def generate_inputs(self):
        return self.uniform(-1, 1, (3, 1)), self.uniform(-1, 1, (4,)), self.uniform(-1, 1, ())

    def forward(self, inputs, device):
        return F.broadcast(*inputs)

    def forward_expected(self, inputs):
        return tuple(numpy.broadcast_arrays(*inputs))


def test_broadcast_to_same_shape_returns_the_variable():
    x = Variable(numpy.ones((2, 3)))
    assert F.broadcast_to(x, (2, 3)) is x
    assert F.broadcast(x) is x


def test_broadcast_single_input_and_list_shape():
    y = F.broadcast_to(numpy.ones(3), [2, 3])
    assert y.shape == (2, 3)


@pytest.mark.parametrize('in_shape, shape', [((3,), (4,)), ((2, 3), (3,)), ((2, 1), (3, 3))])
def test_broadcast_to_bad_shape(in_shape, shape):
    with pytest.raises(InvalidType, match=r'(?s)BroadcastTo \(Forward\).*x\.shape can be '
                                          r'broadcast to {}.*Actual: x\.shape={}'.format(
                                              _re(shape), _re(in_shape))):
        F.broadcast_to(numpy.ones(in_shape), shape)


def test_broadcast_bad_shapes():
    with pytest.raises(InvalidType, match=r'(?s)Broadcast \(Forward\).*can be broadcast.*'
                                          r'\(2, 3\), \(4,\)'):
        F.broadcast(numpy.ones((2, 3)), numpy.ones(4))
    with pytest.raises(InvalidType, match=r'in_types.size\(\) > 0'):
        F.broadcast()


def _re(shape):
    return str(shape).replace('(', r'\(').replace(')', r'\)')
