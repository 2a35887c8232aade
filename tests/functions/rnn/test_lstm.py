import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _sig(x):
    return 1 / (1 + numpy.exp(-x))


class TestLSTM(testing.FunctionTestCase):
    params = [{'cs': (3, 2), 'xs': (3, 8)}, {'cs': (3, 2, 2), 'xs': (2, 8, 2)}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.cs), self.uniform(-1, 1, self.xs)

    def forward(self, inputs, device):
        return F.lstm(*inputs)

    def forward_expected(self, inputs):
        c_prev, x = inputs
        b = len(x)
        c = c_prev.copy()
        h = numpy.zeros((b,) + c_prev.shape[1:])
        for n in range(b):
            for u in range(c_prev.shape[1]):
                a, i, f, o = [x[n, 4 * u + k] for k in range(4)]
                c[n, u] = numpy.tanh(a) * _sig(i) + _sig(f) * c_prev[n, u]
                h[n, u] = _sig(o) * numpy.tanh(c[n, u])
        return c, h


def test_rows_beyond_x_pass_through():
    rng = numpy.random.default_rng(0)
    c = kusari.Variable(rng.standard_normal((3, 1)))
    x = kusari.Variable(rng.standard_normal((2, 4)))
    c_new, h = F.lstm(c, x)
    numpy.testing.assert_array_equal(c_new.array[2], c.array[2])
    F.sum(h).backward()           # c_new unused: its rows beyond len(x) get zero gradient
    assert c.grad[2, 0] == 0 and c.grad[0, 0] != 0
    c.cleargrad()
    c_new, h = F.lstm(c, x)
    F.sum(c_new * 3.0).backward()
    assert c.grad[2, 0] == 3.0


def test_unit_mismatch():
    with pytest.raises(InvalidType, match=r'x.shape\[1\] == 4 \* c.shape\[1\]'):
        F.lstm(numpy.zeros((2, 3)), numpy.zeros((2, 8)))


def test_batch_too_large():
    with pytest.raises(InvalidType, match=r'x.shape\[0\] <= c.shape\[0\]'):
        F.lstm(numpy.zeros((2, 2)), numpy.zeros((3, 8)))
