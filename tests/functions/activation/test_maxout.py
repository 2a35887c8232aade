import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestMaxout(testing.FunctionTestCase):
    params = [{'shape': (2, 6), 'pool_size': 3, 'axis': 1},
              {'shape': (4, 2, 3), 'pool_size': 2, 'axis': 0},
              {'shape': (2, 3, 4), 'pool_size': 4, 'axis': 2},
              {'shape': (2, 3, 4), 'pool_size': 2, 'axis': -1}]

    def generate_inputs(self):
        # distinct values, well apart: no ties in any group
        n = int(numpy.prod(self.shape))
        x = self.rng.permutation(n).astype(numpy.float64) * 0.5 - n / 4
        return x.reshape(self.shape),

    def forward(self, inputs, device):
        return F.maxout(*inputs, pool_size=self.pool_size, axis=self.axis),

    def forward_expected(self, inputs):
        x, = inputs
        a = self.axis % x.ndim
        s = x.shape
        return x.reshape(s[:a] + (s[a] // self.pool_size, self.pool_size) + s[a + 1:]).max(
            axis=a + 1),


def test_maxout_errors():
    x = numpy.zeros((2, 6), numpy.float32)
    with pytest.raises(ValueError, match='pool_size must be a positive integer'):
        F.maxout(x, 0)
    with pytest.raises(InvalidType, match='axis dimension must be divided by pool_size'):
        F.maxout(x, 4)
    with pytest.raises(InvalidType, match=r'Maxout.*\n\nExpect: -x.ndim <= axis < x.ndim'):
        F.maxout(x, 2, axis=2)
