"""LSTM, StatelessLSTM, GRU, StatefulGRU and StatelessGRU against NumPy step equations."""
import numpy
import pytest

import kusari
import kusari.links as L


def sig(x):
    return 1 / (1 + numpy.exp(-x))


def lstm_step(link, c, h, x):
    z = x @ link.upward.W.array.T + link.upward.b.array
    if h is not None:
        z = z + h @ link.lateral.W.array.T
    z = z.reshape(len(x), -1, 4)                # gates interleaved unit by unit: a, i, f, o
    a, i, f, o = numpy.tanh(z[..., 0]), sig(z[..., 1]), sig(z[..., 2]), sig(z[..., 3])
    c = a * i + f * (0 if c is None else c)
    return c, o * numpy.tanh(c)


def test_lstm_initial_biases():
    link = L.LSTM(3, 4, forget_bias_init=2.0, bias_init=0.5)
    gates = link.upward.b.array.reshape(4, 4)
    numpy.testing.assert_array_equal(gates[:, 2], [2.0] * 4)
    numpy.testing.assert_array_equal(gates[:, [0, 1, 3]], numpy.full((4, 3), 0.5))
    link = L.LSTM(3, 4)
    numpy.testing.assert_array_equal(link.upward.b.array.reshape(4, 4)[:, 2], [1.0] * 4)
    assert link.lateral.b is None and link.lateral.W.shape == (16, 4)


def test_lstm_stateful_steps_and_reset(link_float64, check_link_backward):
    link = L.LSTM(3, 2)
    xs = [numpy.random.uniform(-1, 1, (4, 3)), numpy.random.uniform(-1, 1, (3, 3))]
    c = h = None
    for x in xs:
        y = link(x)
        c_new, h_new = lstm_step(link, None if c is None else c[:len(x)],
                                 None if h is None else h[:len(x)], x)
        if c is not None:   # the batch shrank: the last rows are carried over
            c_new = numpy.concatenate([c_new, c[len(x):]])
            h_new = numpy.concatenate([h_new, h[len(x):]])
        c, h = c_new, h_new
        numpy.testing.assert_allclose(y.array, h[:len(x)], rtol=1e-12)
    numpy.testing.assert_allclose(link.c.array, c, rtol=1e-12)
    numpy.testing.assert_allclose(link.h.array, h, rtol=1e-12)
    with pytest.raises(TypeError, match='batch size of x must be equal to or less'):
        link(numpy.ones((5, 3)))
    link.reset_state()
    assert link.c is None and link.h is None

    def two_steps(x0, x1):
        link.reset_state()
        link(x0)
        return link(x1)
    check_link_backward(two_steps, [xs[0], xs[1]], link.params())


def test_lstm_lazy_and_set_state(link_float64):
    link = L.LSTM(2)
    assert link.upward.W.array is None
    x = numpy.random.uniform(-1, 1, (3, 5))
    c0 = numpy.random.uniform(-1, 1, (3, 2))
    h0 = numpy.random.uniform(-1, 1, (3, 2))
    link.set_state(kusari.Variable(c0), kusari.Variable(h0))
    y = link(x)
    assert link.upward.W.shape == (8, 5)
    numpy.testing.assert_allclose(y.array, lstm_step(link, c0, h0, x)[1], rtol=1e-12)
    with pytest.raises(TypeError, match='must be Variables'):
        link.set_state(c0, h0)


def test_stateless_lstm(link_float64, check_link_backward):
    link = L.StatelessLSTM(3, 2)
    x = numpy.random.uniform(-1, 1, (4, 3))
    c = numpy.random.uniform(-1, 1, (4, 2))
    h = numpy.random.uniform(-1, 1, (4, 2))
    c1, h1 = link(c, h, x)
    ec, eh = lstm_step(link, c, h, x)
    numpy.testing.assert_allclose(c1.array, ec, rtol=1e-12)
    numpy.testing.assert_allclose(h1.array, eh, rtol=1e-12)
    c1, h1 = link(None, None, x)
    numpy.testing.assert_allclose(h1.array, lstm_step(link, None, None, x)[1], rtol=1e-12)
    check_link_backward(link, [c, h, x], link.params())


def gru_step(link, h, x):
    def lin(l, v):
        return v @ l.W.array.T + l.b.array
    if h is None:
        z = sig(lin(link.W_z, x))
        return z * numpy.tanh(lin(link.W, x))
    r = sig(lin(link.W_r, x) + lin(link.U_r, h))
    z = sig(lin(link.W_z, x) + lin(link.U_z, h))
    h_bar = numpy.tanh(lin(link.W, x) + lin(link.U, r * h))
    return (1 - z) * h + z * h_bar


def test_stateless_gru(link_float64, check_link_backward):
    link = L.StatelessGRU(3, 2)
    x = numpy.random.uniform(-1, 1, (4, 3))
    h = numpy.random.uniform(-1, 1, (4, 2))
    numpy.testing.assert_allclose(link(h, x).array, gru_step(link, h, x), rtol=1e-12)
    check_link_backward(link, [h, x], link.params())


@pytest.mark.parametrize('cls', ['GRU', 'StatefulGRU'])
def test_stateful_gru(link_float64, check_link_backward, cls):
    link = getattr(L, cls)(3, 2)
    xs = [numpy.random.uniform(-1, 1, (4, 3)) for _ in range(2)]
    h = None
    for x in xs:
        h = gru_step(link, h, x)
        numpy.testing.assert_allclose(link(x).array, h, rtol=1e-12)
    numpy.testing.assert_allclose(link.h.array, h, rtol=1e-12)
    link.reset_state()
    assert link.h is None

    def two_steps(x0, x1):
        link.reset_state()
        link(x0)
        return link(x1)
    check_link_backward(two_steps, xs, link.params())


def test_gru_refuses_two_arguments():
    link = L.GRU(3, 2)
    with pytest.raises(ValueError, match='Use chainer.links.StatelessGRU instead'):
        link(numpy.ones((1, 2), numpy.float32), numpy.ones((1, 3), numpy.float32))
    with pytest.raises(ValueError, match='The length of GRU.forward must be 1'):
        link()
