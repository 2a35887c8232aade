import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestSelectItem(testing.FunctionTestCase):
    params = [{'shape': (4, 3)}, {'shape': (2, 1)}]
    check_order3 = True   # the gradient node is a Grad node

    def generate_inputs(self):
        t = self.rng.integers(0, self.shape[1], self.shape[0]).astype(numpy.int32)
        return self.uniform(-1, 1, self.shape), t

    def forward(self, inputs, device):
        return F.select_item(*inputs),

    def forward_expected(self, inputs):
        x, t = inputs
        return x[numpy.arange(len(t)), t],


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r"t.dtype.kind == 'i'"):
        F.select_item(x, numpy.zeros(2, numpy.float32))
    with pytest.raises(InvalidType, match=r'x.ndim == 2'):
        F.select_item(numpy.zeros(3, numpy.float32), numpy.zeros(3, numpy.int32))
    with pytest.raises(InvalidType, match=r't.ndim == 1'):
        F.select_item(x, numpy.zeros((2, 1), numpy.int32))
    with pytest.raises(InvalidType, match=r'x.shape\[0\] == t.shape\[0\]'):
        F.select_item(x, numpy.zeros(3, numpy.int32))
    with kusari.using_config('debug', True):
        with pytest.raises(ValueError, match='0 <= t < x.shape'):
            F.select_item(x, numpy.array([0, 3], numpy.int32))
