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


def _lstm_grad_reference(c_prev, x, c, gc, gh):
    """The gradients of the cell by hand, per unit, with ``c`` taken as given."""
    b = len(x)
    gcp = gc.copy()
    gx = numpy.zeros_like(x)
    for n in range(b):
        for u in range(c_prev.shape[1]):
            a, i, f, o = [x[n, 4 * u + k] for k in range(4)]
            ta, si, sf, so, tc = numpy.tanh(a), _sig(i), _sig(f), _sig(o), numpy.tanh(c[n, u])
            g = gh[n, u] * so * (1 - tc ** 2) + gc[n, u]
            gcp[n, u] = g * sf
            gx[n, 4 * u:4 * u + 4] = [g * si * (1 - ta ** 2), g * ta * si * (1 - si),
                                      g * c_prev[n, u] * sf * (1 - sf),
                                      gh[n, u] * tc * so * (1 - so)]
    return gcp, gx


class TestLSTMGrad(testing.FunctionTestCase):
    """The gradient node on its own, ``c`` independent of the other inputs (as Chainer's
    test does): its derivatives to the third order."""
    params = [{'batch': 3}, {'batch': 2}, {'batch': 0}]
    check_order3 = True

    def generate_inputs(self):
        n, u = 3, 2
        return (self.uniform(-1, 1, (n, u)), self.uniform(-1, 1, (self.batch, 4 * u)),
                self.uniform(-1, 1, (n, u)), self.uniform(-1, 1, (n, u)),
                self.uniform(-1, 1, (self.batch, u)))

    def forward(self, inputs, device):
        from kusari.functions.rnn.lstm import LSTMGrad
        return LSTMGrad()(*inputs)

    def forward_expected(self, inputs):
        return _lstm_grad_reference(*inputs)


class TestLSTMOrder3(TestLSTM):
    """Third order through LSTM (whose gradient node takes the cell output)."""
    params = [{'cs': (3, 2), 'xs': (2, 8)}]
    check_order3 = True


@pytest.mark.parametrize('outputs', ['c', 'h', 'both'])
def test_lstm_double_backward_with_one_output(outputs):
    # one output's gradient is None: the gradient node gets zeros in its place
    rng = numpy.random.default_rng(1)
    c0, x0 = rng.uniform(-1, 1, (3, 2)), rng.uniform(-1, 1, (3, 8))

    def f(c, x):
        c_new, h = F.lstm(c, x)
        return {'c': (c_new,), 'h': (h,), 'both': (c_new, h)}[outputs]

    n = 1 if outputs != 'both' else 2
    gys = tuple(rng.standard_normal((3, 2)) for _ in range(n))
    kusari.gradient_check.check_double_backward(
        f, (c0, x0), gys, (rng.standard_normal((3, 2)), rng.standard_normal((3, 8))),
        atol=1e-5, rtol=1e-4)


def test_lstm_grad_is_callable_repeatedly():
    from kusari.functions.rnn.lstm import LSTMGrad
    node = LSTMGrad()
    args = [numpy.ones((2, 1)), numpy.zeros((2, 4)), numpy.ones((2, 1)), numpy.ones((2, 1)),
            numpy.ones((2, 1))]
    first = node(*args)
    second = node(*args)
    assert len(first) == 2 and first[0] is not second[0]
    numpy.testing.assert_array_equal(first[1].array, second[1].array)
