import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestBatchL2NormSquared(testing.FunctionTestCase):
    params = [{'shape': (4, 3)}, {'shape': (2, 3, 2)}, {'shape': (1, 1)}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.batch_l2_norm_squared(*inputs),

    def forward_expected(self, inputs):
        x, = inputs
        return (x.reshape(len(x), -1) ** 2).sum(axis=1),


def test_batch_l2_norm_squared_errors():
    with pytest.raises(InvalidType, match=r'(?s)BatchL2NormSquared.*x.ndim >= 2'):
        F.batch_l2_norm_squared(numpy.ones(3))
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.batch_l2_norm_squared(numpy.ones((2, 2), numpy.int32))
