import numpy
import pytest

import kusari.functions as F
from kusari import testing


class TestRepeat(testing.FunctionTestCase):
    params = [{'shape': (2, 3), 'repeats': 2, 'axis': None},
              {'shape': (2, 3), 'repeats': 3, 'axis': 1},
              {'shape': (2, 3), 'repeats': (1, 0, 2), 'axis': -1},
              {'shape': (2, 2), 'repeats': (2, 1, 0, 3), 'axis': None},
              {'shape': (2,), 'repeats': (2,), 'axis': 0},
              # bools are counts (as in NumPy and Chainer)
              {'shape': (2,), 'repeats': True, 'axis': None},
              {'shape': (3, 2), 'repeats': (True, False, True), 'axis': 0}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.repeat(inputs[0], self.repeats, self.axis),

    def forward_expected(self, inputs):
        return numpy.repeat(inputs[0], self.repeats, self.axis),


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(TypeError, match='repeats must be int or tuple of ints'):
        F.repeat(x, 1.5)
    with pytest.raises(TypeError, match='repeats must be int or tuple of ints'):
        F.repeat(x, [1, 2])
    with pytest.raises(ValueError, match='zero or larger'):
        F.repeat(x, -1)
    with pytest.raises(TypeError, match='axis must be int or None'):
        F.repeat(x, 2, axis=1.0)
    with pytest.raises(TypeError, match='axis must be int or None'):
        F.repeat(x, 2, axis=True)
    with pytest.raises(ValueError, match='Repeat'):
        F.repeat(x, (1, 2), axis=1)
