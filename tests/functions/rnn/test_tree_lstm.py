import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _sig(x):
    return 1 / (1 + numpy.exp(-x))


def _tree_lstm_reference(*inputs):
    cs, x = inputs[:-1], inputs[-1]
    n = len(cs)
    r = x.reshape((x.shape[0], 3 + n, x.shape[1] // (3 + n)) + x.shape[2:])
    a, i, o = numpy.tanh(r[:, 0]), _sig(r[:, 1]), _sig(r[:, 2])
    c = a * i + sum(_sig(r[:, 3 + k]) * cs[k] for k in range(n))
    return c, o * numpy.tanh(c)


class TestTreeLSTM(testing.FunctionTestCase):
    params = [{'n': 1, 'shape': (3, 2)}, {'n': 3, 'shape': (2, 2)}, {'n': 2, 'shape': (2, 1, 3)},
              {'n': 2, 'shape': (0, 2)}, {'n': 4, 'shape': (2, 0)}]

    def generate_inputs(self):
        xs = (self.shape[0], (3 + self.n) * self.shape[1]) + self.shape[2:]
        return tuple(self.uniform(-1, 1, self.shape) for _ in range(self.n)) + (
            self.uniform(-1, 1, xs),)

    def forward(self, inputs, device):
        return F.tree_lstm(*inputs)

    def forward_expected(self, inputs):
        return _tree_lstm_reference(*inputs)


class TestTreeLSTMOrder3(TestTreeLSTM):
    params = [{'n': 2, 'shape': (2, 2)}]
    check_order3 = True


def test_tree_lstm_only_h_used():
    # gc is None: the gradient comes through h alone
    rng = numpy.random.default_rng(0)
    c1, x = rng.uniform(-1, 1, (2, 3)), rng.uniform(-1, 1, (2, 12))
    from kusari import gradient_check
    gradient_check.check_backward(lambda c, x: F.tree_lstm(c, x)[1], (c1, x),
                                  rng.standard_normal((2, 3)), atol=1e-6, rtol=1e-5)
    gradient_check.check_backward(lambda c, x: F.tree_lstm(c, x)[0], (c1, x),
                                  rng.standard_normal((2, 3)), atol=1e-6, rtol=1e-5)


def test_tree_lstm_errors():
    c = numpy.zeros((2, 3))
    with pytest.raises(InvalidType, match=r"x.shape\[1\] == 5 \* c1.shape\[1\]"):
        F.tree_lstm(c, c, numpy.zeros((2, 12)))
    with pytest.raises(InvalidType, match=r'x.shape\[0\] == c1.shape\[0\]'):
        F.tree_lstm(c, numpy.zeros((3, 12)))
    with pytest.raises(InvalidType, match='x.dtype == c1.dtype'):
        F.tree_lstm(c, numpy.zeros((2, 12), numpy.float32))
    with pytest.raises(InvalidType, match=r'in_types.size\(\) >= 2'):
        F.tree_lstm(c)
    with pytest.raises(InvalidType, match='c1.ndim == x.ndim'):
        F.tree_lstm(c, numpy.zeros((2, 12, 1)))
