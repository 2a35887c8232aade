import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestBilinear(testing.FunctionTestCase):
    params = [{'linear': False, 'e1s': (3, 2)}, {'linear': True, 'e1s': (3, 2, 2)}]
    def generate_inputs(self):
        j = int(numpy.prod(self.e1s[1:]))
        ins = [self.uniform(-1, 1, self.e1s), self.uniform(-1, 1, (3, 3)),
               self.uniform(-1, 1, (j, 3, 2))]
        if self.linear:
            ins += [self.uniform(-1, 1, (j, 2)), self.uniform(-1, 1, (3, 2)),
                    self.uniform(-1, 1, (2,))]
        return tuple(ins)

    def forward(self, inputs, device):
        return F.bilinear(*inputs),

    def forward_expected(self, inputs):
        e1, e2, W = inputs[:3]
        e1 = e1.reshape(len(e1), -1)
        y = numpy.zeros((len(e1), W.shape[2]))
        for n in range(len(e1)):
            for j in range(W.shape[0]):
                for k in range(W.shape[1]):
                    y[n] += e1[n, j] * e2[n, k] * W[j, k]
        if len(inputs) == 6:
            V1, V2, b = inputs[3:]
            y += e1 @ V1 + e2 @ V2 + b
        return y,


def test_partial_linear_terms():
    e = numpy.ones((2, 3), numpy.float32)
    W = numpy.ones((3, 3, 2), numpy.float32)
    with pytest.raises(ValueError, match='must be None, if at least one of them is None'):
        F.bilinear(e, e, W, V1=numpy.ones((3, 2), numpy.float32))


def test_shape_mismatch():
    e = numpy.ones((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'prod\(e1.shape\[1:\]\) == W.shape\[0\]'):
        F.bilinear(e, e, numpy.ones((4, 3, 2), numpy.float32))


def test_integer_refused():
    e = numpy.ones((2, 3), numpy.int32)
    with pytest.raises(InvalidType, match="e1.dtype.kind == 'f'"):
        F.bilinear(e, e, numpy.ones((3, 3, 2), numpy.int32))


def test_dtype_mismatch():
    e = numpy.ones((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match='W.dtype == e1.dtype'):
        F.bilinear(e, e, numpy.ones((3, 3, 2)))
