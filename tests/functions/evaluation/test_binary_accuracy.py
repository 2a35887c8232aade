import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestBinaryAccuracy(testing.FunctionTestCase):
    params = [{'shape': (8,)}, {'shape': (3, 4)}]
    skip_backward = 'binary_accuracy has no gradient'

    def generate_inputs(self):
        t = self.rng.integers(-1, 2, self.shape).astype(numpy.int32)
        return self.uniform(-1, 1, self.shape), t

    def forward(self, inputs, device):
        return F.binary_accuracy(*inputs),

    def forward_expected(self, inputs):
        x, t = inputs
        right = ((x >= 0) == t).sum()
        return numpy.asarray(right / max(1, (t != -1).sum())),


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r't.shape == x.shape'):
        F.binary_accuracy(x, numpy.zeros(2, numpy.int32))
    with pytest.raises(InvalidType, match=r"t.dtype.kind == 'i'"):
        F.binary_accuracy(x, x)
