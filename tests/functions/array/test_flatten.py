import numpy

import kusari.functions as F
from kusari import testing


class TestFlatten(testing.FunctionTestCase):
    params = [{'shape': (2, 3, 2)}, {'shape': ()}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.flatten(inputs[0]),

    def forward_expected(self, inputs):
        return inputs[0].ravel(),


def test_scalar_gives_shape_1():
    assert F.flatten(numpy.zeros((), numpy.float32)).shape == (1,)
