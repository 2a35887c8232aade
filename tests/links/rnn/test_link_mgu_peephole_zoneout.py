"""StatelessMGU / StatefulMGU, StatefulPeepholeLSTM and StatefulZoneoutLSTM against NumPy
step equations."""
import numpy
import pytest

import kusari
import kusari.links as L


def sig(x):
    return 1 / (1 + numpy.exp(-x))


def mgu_step(link, h, x):
    lin = lambda l, v: v @ l.W.array.T + l.b.array  # noqa: E731
    f = sig(lin(link.W_f, numpy.concatenate([h, x], axis=1)))
    h_bar = numpy.tanh(lin(link.W_h, numpy.concatenate([f * h, x], axis=1)))
    return f * h_bar + (1 - f) * h


def test_stateless_mgu(link_float64, check_link_backward):
    link = L.StatelessMGU(3, 2)
    assert link.W_f.W.shape == (2, 5) and link.W_h.W.shape == (2, 5)
    rng = numpy.random.default_rng(0)
    h, x = rng.uniform(-1, 1, (4, 2)), rng.uniform(-1, 1, (4, 3))
    numpy.testing.assert_allclose(link(h, x).array, mgu_step(link, h, x), rtol=1e-12)
    check_link_backward(link, [h, x], link.params())


def test_stateful_mgu(link_float64, check_link_backward):
    link = L.StatefulMGU(3, 2)
    rng = numpy.random.default_rng(1)
    x0, x1 = rng.uniform(-1, 1, (4, 3)), rng.uniform(-1, 1, (4, 3))
    h1 = mgu_step(link, numpy.zeros((4, 2)), x0)
    numpy.testing.assert_allclose(link(x0).array, h1, rtol=1e-12)
    numpy.testing.assert_allclose(link(x1).array, mgu_step(link, h1, x1), rtol=1e-12)
    link.reset_state()
    assert link.h is None
    link.set_state(kusari.Variable(h1))
    numpy.testing.assert_allclose(link(x1).array, mgu_step(link, h1, x1), rtol=1e-12)
    with pytest.raises(TypeError, match='h must be a Variable'):
        link.set_state(h1)

    def two_steps(a, b):
        link.reset_state()
        link(a)
        return link(b)
    check_link_backward(two_steps, [x0, x1], link.params())


def test_stateful_mgu_initial_state_dtype():
    with kusari.using_config('dtype', numpy.float16):
        link = L.StatefulMGU(2, 3)
        y = link(numpy.zeros((1, 2), numpy.float16))
    assert y.dtype == numpy.float16


def peephole_step(link, c, h, x):
    z = x @ link.upward.W.array.T + link.upward.b.array
    if h is not None:
        z = z + h @ link.lateral.W.array.T
    z = z.reshape(len(x), -1, 4)
    a, i, f, o = z[..., 0], z[..., 1], z[..., 2], z[..., 3]
    i = sig(i + c @ link.peep_i.W.array.T)
    f = sig(f + c @ link.peep_f.W.array.T)
    c = numpy.tanh(a) * i + f * c
    o = sig(o + c @ link.peep_o.W.array.T)
    return c, o * numpy.tanh(c)


def test_peephole(link_float64, check_link_backward):
    link = L.StatefulPeepholeLSTM(3, 2)
    rng = numpy.random.default_rng(2)
    for lin in (link.lateral, link.peep_i, link.peep_f, link.peep_o):
        lin.W.array[...] = rng.uniform(-1, 1, lin.W.shape)
    xs = [rng.uniform(-1, 1, (4, 3)) for _ in range(2)]
    c, h = numpy.zeros((4, 2)), None
    for x in xs:
        c, h = peephole_step(link, c, h, x)
        y = link(x)
        numpy.testing.assert_allclose(y.array, h, rtol=1e-12)
        numpy.testing.assert_allclose(link.c.array, c, rtol=1e-12)
        assert link.h is y
    link.reset_state()
    assert link.c is None and link.h is None

    def two_steps(a, b):
        link.reset_state()
        link(a)
        return link(b)
    check_link_backward(two_steps, xs, link.params())


def test_zoneout_lstm(link_float64, check_link_backward):
    link = L.StatefulZoneoutLSTM(3, 2, c_ratio=0.3, h_ratio=0.6)
    rng = numpy.random.default_rng(3)
    link.lateral.W.array[...] = rng.uniform(-1, 1, link.lateral.W.shape)
    xs = [rng.uniform(-1, 1, (4, 3)) for _ in range(2)]
    c, h = numpy.zeros((4, 2)), numpy.zeros((4, 2))
    with kusari.using_config('train', False):          # test mode: no zoneout
        for x in xs:
            z = (x @ link.upward.W.array.T + link.upward.b.array
                 + h @ link.lateral.W.array.T).reshape(4, -1, 4)
            c_tmp = numpy.tanh(z[..., 0]) * sig(z[..., 1]) + sig(z[..., 2]) * c
            h_tmp = sig(z[..., 3]) * numpy.tanh(c_tmp)
            c, h = c_tmp, h_tmp
            numpy.testing.assert_allclose(link(x).array, h, rtol=1e-12)
            numpy.testing.assert_allclose(link.c.array, c, rtol=1e-12)

        def two_steps(a, b):
            link.reset_state()
            link(a)
            return link(b)
        check_link_backward(two_steps, xs, link.params())
    # training: each unit either keeps its previous value or takes the new one
    link.set_state(kusari.Variable(c), kusari.Variable(h))
    with kusari.using_config('train', True):
        h_new = link(xs[0]).array
    z = (xs[0] @ link.upward.W.array.T + link.upward.b.array
         + h @ link.lateral.W.array.T).reshape(4, -1, 4)
    c_tmp = numpy.tanh(z[..., 0]) * sig(z[..., 1]) + sig(z[..., 2]) * c
    fresh = sig(z[..., 3]) * numpy.tanh(c_tmp)
    assert (numpy.isclose(h_new, h) | numpy.isclose(h_new, fresh)).all()


def test_zoneout_lstm_arguments():
    with pytest.raises(ValueError, match='train argument is not supported anymore'):
        L.StatefulZoneoutLSTM(2, 2, train=True)
    with pytest.raises(TypeError, match='unexpected keyword argument'):
        L.StatefulZoneoutLSTM(2, 2, ratio=0.5)
    link = L.StatefulZoneoutLSTM(2, 2)
    with pytest.raises(TypeError, match='c and h must be Variables'):
        link.set_state(numpy.zeros((1, 2)), numpy.zeros((1, 2)))


@pytest.mark.parametrize('make', [lambda: L.StatefulPeepholeLSTM(2, 3),
                                  lambda: L.StatefulZoneoutLSTM(2, 3),
                                  lambda: L.StatefulMGU(2, 3)])
def test_state_moves_with_the_link(make):
    link = make()
    link(numpy.zeros((1, 2), numpy.float32))
    with pytest.warns(DeprecationWarning, match="to_cpu is deprecated. Please use "
                                                "to_device\\('@numpy'\\) instead."):
        link.to_cpu()
    assert isinstance(link.h.array, numpy.ndarray)
