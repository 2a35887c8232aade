import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.functions.rnn.slstm import SLSTMGrad
from kusari.utils.type_check import InvalidType


def _sig(x):
    return 1 / (1 + numpy.exp(-x))


def _gates(x):
    r = x.reshape((x.shape[0], x.shape[1] // 4, 4) + x.shape[2:])
    return [r[:, :, k] for k in range(4)]


def _slstm_reference(c1, c2, x1, x2):
    a1, i1, f1, o1 = _gates(x1)
    a2, i2, f2, o2 = _gates(x2)
    c = (numpy.tanh(a1) * _sig(i1) + numpy.tanh(a2) * _sig(i2) + _sig(f1) * c1
         + _sig(f2) * c2)
    return c, _sig(o1 + o2) * numpy.tanh(c)


class TestSLSTM(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': (2, 2, 3)}, {'shape': (1, 0, 2)}]

    def generate_inputs(self):
        xs = (self.shape[0], 4 * self.shape[1]) + self.shape[2:]
        return (self.uniform(-1, 1, self.shape), self.uniform(-1, 1, self.shape),
                self.uniform(-1, 1, xs), self.uniform(-1, 1, xs))

    def forward(self, inputs, device):
        return F.slstm(*inputs)

    def forward_expected(self, inputs):
        return _slstm_reference(*inputs)


class TestSLSTMOrder3(TestSLSTM):
    params = [{'shape': (2, 2)}]
    check_order3 = True


def _slstm_grad_reference(c1, c2, x1, x2, c, gc, gh):
    a1, i1, f1, o1 = _gates(x1)
    a2, i2, f2, o2 = _gates(x2)
    so, tc = _sig(o1 + o2), numpy.tanh(c)
    g = gh * so * (1 - tc ** 2) + gc
    out = [g * _sig(f1), g * _sig(f2)]
    for a, i, f, cp in ((a1, i1, f1, c1), (a2, i2, f2, c2)):
        ta, si, sf = numpy.tanh(a), _sig(i), _sig(f)
        parts = [g * si * (1 - ta ** 2), g * ta * si * (1 - si), g * cp * sf * (1 - sf),
                 gh * tc * so * (1 - so)]
        out.append(numpy.stack(parts, axis=2).reshape(a.shape[0], -1, *a.shape[2:]))
    return tuple(out)


class TestSLSTMGrad(testing.FunctionTestCase):
    """The gradient node alone, ``c`` independent of the other inputs, to the third order."""
    params = [{'shape': (3, 2)}, {'shape': (2, 1, 2)}]
    check_order3 = True

    def generate_inputs(self):
        xs = (self.shape[0], 4 * self.shape[1]) + self.shape[2:]
        u = lambda s: self.uniform(-1, 1, s)  # noqa: E731
        return (u(self.shape), u(self.shape), u(xs), u(xs), u(self.shape), u(self.shape),
                u(self.shape))

    def forward(self, inputs, device):
        return SLSTMGrad()(*inputs)

    def forward_expected(self, inputs):
        return _slstm_grad_reference(*inputs)


@pytest.mark.parametrize('which', [0, 1])
def test_slstm_one_output_gradient(which):
    rng = numpy.random.default_rng(0)
    ins = (rng.uniform(-1, 1, (2, 3)), rng.uniform(-1, 1, (2, 3)),
           rng.uniform(-1, 1, (2, 12)), rng.uniform(-1, 1, (2, 12)))
    kusari.gradient_check.check_double_backward(
        lambda *xs: F.slstm(*xs)[which], ins, rng.standard_normal((2, 3)),
        tuple(rng.standard_normal(x.shape) for x in ins), atol=1e-5, rtol=1e-4)


def test_slstm_errors():
    c = numpy.zeros((2, 3))
    x = numpy.zeros((2, 12))
    with pytest.raises(InvalidType, match=r'x2.shape\[1\] == 4 \* c_prev2.shape\[1\]'):
        F.slstm(c, c, x, numpy.zeros((2, 8)))
    with pytest.raises(InvalidType, match=r'c_prev1.shape\[0\] == x1.shape\[0\]'):
        F.slstm(c, c, numpy.zeros((3, 12)), x)
    with pytest.raises(InvalidType, match='c_prev1.dtype == c_prev2.dtype'):
        F.slstm(c, c.astype(numpy.float32), x, x)
    with pytest.raises(InvalidType, match="c_prev1.dtype.kind == 'f'"):
        F.slstm(c.astype(numpy.int32), c, x, x)
    with pytest.raises(InvalidType, match='same ndim'):
        F.slstm(c, c, x[:, :, None], x)
