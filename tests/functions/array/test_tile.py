import numpy
import pytest

import kusari.functions as F
from kusari import testing


class TestTile(testing.FunctionTestCase):
    params = [{'shape': (2, 3), 'reps': 2}, {'shape': (2, 3), 'reps': (2, 1, 3)},
              {'shape': (2, 1, 2), 'reps': (3, 2)}, {'shape': (), 'reps': (2,)}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.tile(inputs[0], self.reps),

    def forward_expected(self, inputs):
        return numpy.tile(inputs[0], self.reps),


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(TypeError, match='reps must be int or tuple of ints'):
        F.tile(x, [2, 2])
    with pytest.raises(ValueError, match='zero or larger'):
        F.tile(x, (1, -1))
