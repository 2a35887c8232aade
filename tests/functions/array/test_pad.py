import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestPad(testing.FunctionTestCase):
    params = [{'shape': (2, 3), 'width': ((1, 2), (0, 1)), 'mode': 'constant', 'kw': {}},
              {'shape': (3,), 'width': 1, 'mode': 'constant', 'kw': {'constant_values': 2.0}},
              {'shape': (2, 3), 'width': (1, 2), 'mode': 'reflect', 'kw': {}},
              {'shape': (3, 2), 'width': ((2, 1), (1, 3)), 'mode': 'edge', 'kw': {}},
              {'shape': (3,), 'width': 4, 'mode': 'wrap', 'kw': {}},
              {'shape': (2, 2), 'width': 2, 'mode': 'symmetric', 'kw': {}}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.pad(inputs[0], self.width, self.mode, **self.kw),

    def forward_expected(self, inputs):
        return numpy.pad(inputs[0], self.width, self.mode, **self.kw),


def test_statistic_mode_forward_and_loud_backward():
    x = kusari.Variable(numpy.arange(3.0))
    y = F.pad(x, 1, 'mean')
    numpy.testing.assert_array_equal(y.array, numpy.pad(numpy.arange(3.0), 1, 'mean'))
    with pytest.raises(NotImplementedError, match="mode 'mean'"):
        F.sum(y).backward()


def test_errors():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.pad(numpy.zeros(3, numpy.int32), 1, 'constant')
