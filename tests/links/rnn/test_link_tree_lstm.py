import numpy
import pytest

import kusari.links as L


def sig(x):
    return 1 / (1 + numpy.exp(-x))


def lin(link, x):
    y = x @ link.W.array.T
    return y if link.b is None else y + link.b.array


def child_sum_reference(link, cs, hs, x):
    u = link.state_size
    wx = lin(link.W_x, x)
    if not cs:
        a, i, o = wx[:, :u], wx[:, u:2 * u], wx[:, 2 * u:3 * u]
        c = sig(i) * numpy.tanh(a)
        return c, sig(o) * numpy.tanh(c)
    aio = lin(link.W_h_aio, sum(hs)) + wx[:, :3 * u]
    a, i, o = aio[:, :u], aio[:, u:2 * u], aio[:, 2 * u:]
    c = numpy.tanh(a) * sig(i)
    for ck, hk in zip(cs, hs):
        c = c + sig(lin(link.W_h_f, hk) + wx[:, 3 * u:]) * ck
    return c, sig(o) * numpy.tanh(c)


def nary_reference(link, cs, hs, x):
    u, n = link.state_size, link.n_ary
    z = lin(link.W_x, x)
    for k, h in enumerate(hs, start=1):
        if h is not None:
            z = z + lin(getattr(link, 'W_h{}'.format(k)), h)
    a, i, o = z[:, :u], z[:, u:2 * u], z[:, 2 * u:3 * u]
    c = numpy.tanh(a) * sig(i)
    for k in range(n):
        ck = numpy.zeros((len(x), u)) if cs[k] is None else cs[k]
        c = c + sig(z[:, (3 + k) * u:(4 + k) * u]) * ck
    return c, sig(o) * numpy.tanh(c)


@pytest.mark.parametrize('n_children', [0, 1, 3])
def test_child_sum(link_float64, check_link_backward, n_children):
    link = L.ChildSumTreeLSTM(3, 2)
    rng = numpy.random.default_rng(n_children)
    cs = [rng.uniform(-1, 1, (4, 2)) for _ in range(n_children)]
    hs = [rng.uniform(-1, 1, (4, 2)) for _ in range(n_children)]
    x = rng.uniform(-1, 1, (4, 3))
    c, h = link(*cs, *hs, x)
    ec, eh = child_sum_reference(link, cs, hs, x)
    numpy.testing.assert_allclose(c.array, ec, rtol=1e-12)
    numpy.testing.assert_allclose(h.array, eh, rtol=1e-12)
    check_link_backward(lambda *a: link(*a), cs + hs + [x], link.params(), n_outputs=2)


def test_child_sum_missing_inputs(link_float64):
    link = L.ChildSumTreeLSTM(3, 2)
    rng = numpy.random.default_rng(5)
    c1, h1 = rng.uniform(-1, 1, (2, 2)), rng.uniform(-1, 1, (2, 2))
    c, h = link(c1, None, h1, None, None)
    zeros = numpy.zeros((2, 2))
    ec, eh = child_sum_reference(link, [c1, zeros], [h1, zeros], numpy.zeros((2, 3)))
    numpy.testing.assert_allclose(c.array, ec, rtol=1e-12)
    numpy.testing.assert_allclose(h.array, eh, rtol=1e-12)
    with pytest.raises(ValueError, match=r'All inputs \(cs, hs, x\) are None'):
        link(None, None, None)
    with pytest.raises(ValueError, match='an odd number of arguments'):
        link(c1, h1)


@pytest.mark.parametrize('n_ary', [1, 2, 3])
def test_nary(link_float64, check_link_backward, n_ary):
    link = L.NaryTreeLSTM(3, 2, n_ary=n_ary)
    assert link.W_x.W.shape == ((3 + n_ary) * 2, 3)
    rng = numpy.random.default_rng(n_ary)
    cs = [rng.uniform(-1, 1, (4, 2)) for _ in range(n_ary)]
    hs = [rng.uniform(-1, 1, (4, 2)) for _ in range(n_ary)]
    x = rng.uniform(-1, 1, (4, 3))
    c, h = link(*cs, *hs, x)
    ec, eh = nary_reference(link, cs, hs, x)
    numpy.testing.assert_allclose(c.array, ec, rtol=1e-12)
    numpy.testing.assert_allclose(h.array, eh, rtol=1e-12)
    check_link_backward(lambda *a: link(*a), cs + hs + [x], link.params(), n_outputs=2)


def test_nary_missing_inputs_and_errors(link_float64):
    link = L.NaryTreeLSTM(3, 2, n_ary=2)
    rng = numpy.random.default_rng(7)
    c2, h1 = rng.uniform(-1, 1, (2, 2)), rng.uniform(-1, 1, (2, 2))
    c, h = link(None, c2, h1, None, None)
    ec, eh = nary_reference(link, [None, c2], [h1, None], numpy.zeros((2, 3)))
    numpy.testing.assert_allclose(c.array, ec, rtol=1e-12)
    numpy.testing.assert_allclose(h.array, eh, rtol=1e-12)
    with pytest.raises(ValueError, match='takes 5 arguments'):
        link(c2, h1, None)
    with pytest.raises(ValueError, match=r'All inputs \(cs, hs, x\) are None'):
        link(None, None, None, None, None)
    with pytest.raises(ValueError, match='n_ary must be at least 1'):
        L.NaryTreeLSTM(2, 2, n_ary=0)
