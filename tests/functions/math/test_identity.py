"""identity."""
import numpy

import kusari.functions as F
from kusari import Variable, testing


class TestIdentity(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.identity(inputs[0]),

    def forward_expected(self, inputs):
        return inputs[0],


class TestIdentitySeveral(testing.FunctionTestCase):
    params = [{}]

    def generate_inputs(self):
        return self.uniform(-1, 1, (2, 3)), self.uniform(-1, 1, (4,))

    def forward(self, inputs, device):
        return F.identity(*inputs)

    def forward_expected(self, inputs):
        return inputs


def test_identity_makes_new_connected_variables():
    x = Variable(numpy.ones(2))
    y = F.identity(x)
    assert y is not x and y.creator is not None
    a, b = F.identity(x, x)
    F.sum(a * 2.0 + b).backward()
    numpy.testing.assert_array_equal(x.grad, [3.0, 3.0])
