import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestScale(testing.FunctionTestCase):
    params = [{'x_shape': (3, 2, 3), 'y_shape': (2,), 'axis': 1},
              {'x_shape': (3, 2, 3), 'y_shape': (2, 3), 'axis': 1},
              {'x_shape': (3, 2, 3), 'y_shape': (3,), 'axis': 0}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.x_shape), self.uniform(-1, 1, self.y_shape)

    def forward(self, inputs, device):
        return F.scale(*inputs, axis=self.axis),

    def forward_expected(self, inputs):
        x, y = inputs
        shape = (1,) * self.axis + y.shape + (1,) * (x.ndim - self.axis - y.ndim)
        return x * y.reshape(shape),


def test_scale_shape_mismatch():
    with pytest.raises(InvalidType, match=r'Scale.*\n\nExpect: x.shape\[axis:axis \+ y.ndim\]'):
        F.scale(numpy.ones((3, 2), numpy.float32), numpy.ones(3, numpy.float32))


def test_scale_shape_mismatch_in_debug_mode_is_assertion_error():
    """Chainer asserts the shapes in debug mode (and fails in broadcast_to otherwise)."""
    import kusari
    with kusari.using_config('debug', True):
        with pytest.raises(AssertionError, match=r'Scale: expected x.shape\[axis:axis \+ y.ndim\]'
                                                 r' == y.shape, got x.shape=\(3, 2, 3\), '
                                                 r'y.shape=\(2,\), axis=0'):
            F.scale(numpy.zeros((3, 2, 3), numpy.float32), numpy.zeros(2, numpy.float32), 0)
