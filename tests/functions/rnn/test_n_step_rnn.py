"""The N-step RNN functions (n_step_rnn / birnn / lstm / bilstm / gru / bigru) against a
NumPy loop over time, layers and directions."""
import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing

N_WEIGHTS = {'tanh': 2, 'relu': 2, 'gru': 6, 'lstm': 8}


def _sig(x):
    return 1 / (1 + numpy.exp(-x))


def _cell(kind, x, h, c, w, b):
    lin = lambda j, v: v @ w[j].T + b[j]  # noqa: E731
    if kind in ('tanh', 'relu'):
        z = lin(0, x) + lin(1, h)
        return (numpy.tanh(z) if kind == 'tanh' else numpy.maximum(z, 0)), None
    if kind == 'gru':
        r = _sig(lin(0, x) + lin(3, h))
        z = _sig(lin(1, x) + lin(4, h))
        h_bar = numpy.tanh(lin(2, x) + r * lin(5, h))
        return (1 - z) * h_bar + z * h, None
    i = _sig(lin(0, x) + lin(4, h))
    f = _sig(lin(1, x) + lin(5, h))
    a = numpy.tanh(lin(2, x) + lin(6, h))
    o = _sig(lin(3, x) + lin(7, h))
    c = f * c + i * a
    return o * numpy.tanh(c), c


def reference(kind, n_layers, bi, hx, cx, ws, bs, xs):
    """Time-major reference: row ``b`` of step ``t`` exists for ``b < len(xs[t])``."""
    d_count = 2 if bi else 1
    hy = hx.copy()
    cy = None if cx is None else cx.copy()
    inputs = list(xs)
    n_time = len(xs)
    for layer in range(n_layers):
        outs = []
        for d in range(d_count):
            k = layer * d_count + d
            h = hx[k].copy()
            c = None if cx is None else cx[k].copy()
            out = [None] * n_time
            for t in (range(n_time) if d == 0 else reversed(range(n_time))):
                b = len(inputs[t])
                h_new, c_new = _cell(kind, inputs[t], h[:b], None if c is None else c[:b],
                                     ws[k], bs[k])
                h[:b] = h_new
                if c is not None:
                    c[:b] = c_new
                out[t] = h_new
            hy[k] = h
            if c is not None:
                cy[k] = c
            outs.append(out)
        inputs = [numpy.concatenate([o[t] for o in outs], axis=1) for t in range(n_time)]
    return hy, cy, inputs


def _call(kind, bi, n_layers, dropout, hx, cx, ws, bs, xs):
    if kind == 'lstm':
        fn = F.n_step_bilstm if bi else F.n_step_lstm
        return fn(n_layers, dropout, hx, cx, ws, bs, xs)
    if kind == 'gru':
        fn = F.n_step_bigru if bi else F.n_step_gru
        hy, ys = fn(n_layers, dropout, hx, ws, bs, xs)
    else:
        fn = F.n_step_birnn if bi else F.n_step_rnn
        hy, ys = fn(n_layers, dropout, hx, ws, bs, xs, activation=kind)
    return hy, None, ys


class TestNStepRNN(testing.FunctionTestCase):
    """Each kind, uni- and bidirectional, two layers, a batch shrinking over time."""
    params = testing.product({'kind': ['tanh', 'relu', 'gru', 'lstm'], 'bi': [False, True]})
    tolerances = {
        # two stacked layers of float16 matrix products
        ('forward', 'float16'): dict(atol=2e-2, rtol=2e-2),
        ('grad', 'float16'): dict(atol=5e-2, rtol=5e-2),
    }
    n_layers = 2
    batches = (3, 2, 1)
    in_size = 2
    units = 2

    def generate_inputs(self):
        d = 2 if self.bi else 1
        shape = (self.n_layers * d, self.batches[0], self.units)
        inputs = [self.uniform(-1, 1, shape)]
        if self.kind == 'lstm':
            inputs.append(self.uniform(-1, 1, shape))
        inputs += [self.uniform(-1, 1, (b, self.in_size)) for b in self.batches]
        n_w = N_WEIGHTS[self.kind]
        for layer in range(self.n_layers):
            for _ in range(d):
                w_in = self.in_size if layer == 0 else self.units * d
                inputs += [self.uniform(-1, 1, (self.units, w_in if j < n_w // 2
                                                else self.units)) for j in range(n_w)]
                inputs += [self.uniform(-1, 1, (self.units,)) for _ in range(n_w)]
        return tuple(inputs)

    def _split(self, inputs):
        inputs = list(inputs)
        hx = inputs.pop(0)
        cx = inputs.pop(0) if self.kind == 'lstm' else None
        xs = [inputs.pop(0) for _ in self.batches]
        n_w = N_WEIGHTS[self.kind]
        ws, bs = [], []
        while inputs:
            ws.append(inputs[:n_w])
            bs.append(inputs[n_w:2 * n_w])
            inputs = inputs[2 * n_w:]
        return hx, cx, ws, bs, xs

    def forward(self, inputs, device):
        hx, cx, ws, bs, xs = self._split(inputs)
        hy, cy, ys = _call(self.kind, self.bi, self.n_layers, 0.0, hx, cx, ws, bs, xs)
        return (hy,) + (() if cy is None else (cy,)) + tuple(ys)

    def forward_expected(self, inputs):
        hx, cx, ws, bs, xs = self._split(inputs)
        hy, cy, ys = reference(self.kind, self.n_layers, self.bi, hx, cx, ws, bs, xs)
        return (hy,) + (() if cy is None else (cy,)) + tuple(ys)


def _weights(kind, n_layers, d, in_size, units, rng):
    n_w = N_WEIGHTS[kind]
    ws, bs = [], []
    for layer in range(n_layers):
        for _ in range(d):
            w_in = in_size if layer == 0 else units * d
            ws.append([rng.uniform(-1, 1, (units, w_in if j < n_w // 2 else units))
                       for j in range(n_w)])
            bs.append([rng.uniform(-1, 1, units) for _ in range(n_w)])
    return ws, bs


def test_single_step_and_third_order():
    # one time step (the input projection is not split) through the LSTM, third order
    rng = numpy.random.default_rng(0)
    ws, bs = _weights('lstm', 1, 1, 2, 2, rng)
    hx, cx = rng.uniform(-1, 1, (1, 2, 2)), rng.uniform(-1, 1, (1, 2, 2))
    x = rng.uniform(-1, 1, (2, 2))

    def first_order(x, h):
        hy, cy, ys = F.n_step_lstm(1, 0.0, h, cx, ws, bs, [x])
        gx, gh = kusari.grad([ys[0]], [x, h], enable_double_backprop=True)
        return gx, gh

    kusari.gradient_check.check_double_backward(
        first_order, (x, hx), (rng.standard_normal(x.shape), rng.standard_normal(hx.shape)),
        (rng.standard_normal(x.shape), rng.standard_normal(hx.shape)), atol=1e-5, rtol=1e-4)


def test_dropout_in_training_between_layers():
    rng = numpy.random.default_rng(0)
    ws, bs = _weights('tanh', 2, 1, 3, 4, rng)
    hx = numpy.zeros((2, 5, 4))
    xs = [rng.uniform(-1, 1, (5, 3))]
    with kusari.using_config('train', True):
        hy, ys = F.n_step_rnn(2, 0.999, hx, ws, bs, xs)
    # the second layer sees (almost) only dropped inputs: its output is tanh(b0 + b1)
    numpy.testing.assert_allclose(ys[0].array, numpy.tanh(bs[1][0] + bs[1][1])[None]
                                  .repeat(5, 0), atol=1e-12)
    with kusari.using_config('train', False):
        hy, ys = F.n_step_rnn(2, 0.999, hx, ws, bs, xs)
    expected = reference('tanh', 2, False, hx, None, ws, bs, xs)[2][0]
    numpy.testing.assert_allclose(ys[0].array, expected, rtol=1e-12)


def test_errors():
    rng = numpy.random.default_rng(0)
    ws, bs = _weights('tanh', 1, 1, 3, 2, rng)
    hx = numpy.zeros((1, 1, 2))
    xs = [numpy.zeros((1, 3))]
    with pytest.raises(ValueError, match='Invalid activation: "sigmoid"'):
        F.n_step_rnn(1, 0.0, hx, ws, bs, xs, activation='sigmoid')
    with pytest.raises(ValueError, match='Inconsistent input size .*: 4 != 3'):
        F.n_step_rnn(1, 0.0, hx, ws, bs, [numpy.zeros((1, 4))])
    with pytest.raises(ValueError, match='train argument is not supported anymore'):
        F.n_step_rnn(1, 0.0, hx, ws, bs, xs, train=True)
    with pytest.raises(ValueError, match='use_cudnn argument is not supported anymore'):
        F.n_step_birnn(1, 0.0, hx, ws, bs, xs, use_cudnn=True)
    with pytest.raises(TypeError, match='unexpected keyword argument'):
        F.n_step_gru(1, 0.0, hx, ws, bs, xs, foo=1)
    ws8, bs8 = _weights('lstm', 1, 1, 3, 2, rng)
    with pytest.raises(ValueError, match='Inconsistent input size'):
        F.n_step_lstm(1, 0.0, hx, hx, ws8, bs8, [numpy.zeros((1, 2))])


def test_chainer_cell_signature_in_n_step_rnn_impl():
    # n_step_rnn_impl also takes a plain cell f(x, h, c, w, b), as Chainer's does
    from kusari.functions.rnn.n_step_lstm import _lstm
    from kusari.functions.rnn.n_step_rnn import n_step_rnn_impl
    rng = numpy.random.default_rng(2)
    ws, bs = _weights('lstm', 1, 2, 2, 3, rng)
    hx, cx = rng.uniform(-1, 1, (2, 2, 3)), rng.uniform(-1, 1, (2, 2, 3))
    xs = [rng.uniform(-1, 1, (2, 2)), rng.uniform(-1, 1, (1, 2))]
    hy, cy, ys = n_step_rnn_impl(_lstm, 1, 0.0, hx, cx, ws, bs, xs, True)
    e_hy, e_cy, e_ys = reference('lstm', 1, True, hx, cx, ws, bs, xs)
    numpy.testing.assert_allclose(hy.array, e_hy, rtol=1e-12)
    numpy.testing.assert_allclose(cy.array, e_cy, rtol=1e-12)
    for y, e in zip(ys, e_ys):
        numpy.testing.assert_allclose(y.array, e, rtol=1e-12)


def test_chainer_gru_cell_signature_in_n_step_rnn_impl():
    # the GRU step in Chainer's cell signature f(x, h, None, w, b) gives n_step_bigru's result
    from kusari.functions.rnn.n_step_gru import _gru
    from kusari.functions.rnn.n_step_rnn import n_step_rnn_impl
    rng = numpy.random.default_rng(3)
    ws, bs = _weights('gru', 2, 2, 2, 3, rng)
    hx = rng.uniform(-1, 1, (4, 2, 3))
    xs = [rng.uniform(-1, 1, (2, 2)), rng.uniform(-1, 1, (1, 2))]
    hy, cy, ys = n_step_rnn_impl(_gru, 2, 0.0, hx, None, ws, bs, xs, True)
    assert cy is None
    e_hy, _, e_ys = reference('gru', 2, True, hx, None, ws, bs, xs)
    numpy.testing.assert_allclose(hy.array, e_hy, rtol=1e-12)
    for y, e in zip(ys, e_ys):
        numpy.testing.assert_allclose(y.array, e, rtol=1e-12)
