import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestCumsum(testing.FunctionTestCase):
    params = [{'shape': (3, 4), 'axis': None}, {'shape': (3, 4), 'axis': 1},
              {'shape': (2, 3, 2), 'axis': 0}, {'shape': (2, 3, 2), 'axis': -2},
              {'shape': (), 'axis': None}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.cumsum(*inputs, axis=self.axis),

    def forward_expected(self, inputs):
        return numpy.cumsum(inputs[0], axis=self.axis),


def test_cumsum_errors():
    x = numpy.ones((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'Cumsum.*\n\nExpect: -x.ndim <= axis < x.ndim'):
        F.cumsum(x, axis=2)
    with pytest.raises(TypeError, match='axis must be int or None'):
        F.cumsum(x, axis=(0,))
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.cumsum(numpy.ones(3, numpy.int32), axis=0)
