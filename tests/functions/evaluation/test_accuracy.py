import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestAccuracy(testing.FunctionTestCase):
    params = [{'x_shape': (10, 3), 't_shape': (10,), 'ignore': None},
              {'x_shape': (10, 3), 't_shape': (10,), 'ignore': 1},
              {'x_shape': (4, 3, 2), 't_shape': (4, 2), 'ignore': -1},
              {'x_shape': (5, 3, 1), 't_shape': (5,), 'ignore': None}]
    skip_backward = 'accuracy has no gradient'

    def generate_inputs(self):
        t = self.rng.integers(0, 3, self.t_shape).astype(numpy.int32)
        if self.ignore == -1:
            t.ravel()[::3] = -1
        return self.uniform(-1, 1, self.x_shape), t

    def forward(self, inputs, device):
        return F.accuracy(*inputs, ignore_label=self.ignore),

    def forward_expected(self, inputs):
        x, t = inputs
        pred = x.argmax(axis=1).reshape(t.shape)
        keep = numpy.ones(t.shape, bool) if self.ignore is None else t != self.ignore
        return numpy.asarray(((pred == t) & keep).sum() / max(keep.sum(), 1)),


def test_all_ignored_and_no_gradient():
    x = kusari.Variable(numpy.random.rand(3, 2).astype(numpy.float32))
    t = numpy.array([-1, -1, -1], numpy.int32)
    acc = F.accuracy(x, t, ignore_label=-1)
    assert acc.dtype == numpy.float32 and float(acc.array) == 0.0
    F.accuracy(x, numpy.array([0, 1, 0], numpy.int32)).backward()
    assert x.grad is None


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r"t.dtype.kind == 'i'"):
        F.accuracy(x, numpy.zeros(2, numpy.float32))
    with pytest.raises(InvalidType, match=r'x.shape\[0\] == t.shape\[0\]'):
        F.accuracy(x, numpy.zeros(3, numpy.int32))
    with pytest.raises(InvalidType, match=r'x.ndim >= t.ndim'):
        F.accuracy(x, numpy.zeros((2, 3, 1), numpy.int32))
    with pytest.raises(InvalidType, match=r'x.shape\[2\] == 1'):
        F.accuracy(numpy.zeros((2, 3, 2), numpy.float32), numpy.zeros(2, numpy.int32))
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.accuracy(x.astype(numpy.int32), numpy.zeros(2, numpy.int32))
