import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestDiagonal(testing.FunctionTestCase):
    params = [
        {'shape': (3, 3), 'args': (0, 0, 1)},
        {'shape': (3, 4), 'args': (1, 0, 1)},
        {'shape': (4, 3), 'args': (-2, 0, 1)},
        {'shape': (2, 4, 5), 'args': (1, 2, 1)},
        {'shape': (2, 4, 5), 'args': (-1, -1, 0)},
        {'shape': (3, 2), 'args': (5, 0, 1)},   # empty diagonal
    ]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.diagonal(*inputs, *self.args),

    def forward_expected(self, inputs):
        return numpy.diagonal(inputs[0], *self.args).copy(),


def test_diagonal_output_is_writable_and_independent():
    x = numpy.arange(9.0).reshape(3, 3)
    y = F.diagonal(x).array
    y[0] = 100
    assert x[0, 0] == 0


def test_diagonal_errors():
    with pytest.raises(InvalidType, match=r'(?s)Diagonal.*-x.ndim <= axis1 < x.ndim'):
        F.diagonal(numpy.ones((2, 2)), 0, 2, 1)
    with pytest.raises(InvalidType, match=r'(?s)Diagonal.*axis1 != axis2'):
        F.diagonal(numpy.ones((2, 2)), 0, 1, -1)
