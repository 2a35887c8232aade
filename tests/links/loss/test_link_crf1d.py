import numpy
import pytest

import kusari
import kusari.functions as F
import kusari.links as L


def test_initial_cost():
    assert (L.CRF1d(3).cost.array == 0).all()
    init = numpy.arange(9.0).reshape(3, 3)
    with kusari.using_config('dtype', numpy.float64):
        link = L.CRF1d(3, initial_cost=init)
    numpy.testing.assert_array_equal(link.cost.array, init)


@pytest.mark.parametrize('reduce', ['mean', 'no'])
def test_transpose_equals_time_major(link_float64, reduce):
    link = L.CRF1d(3, initial_cost=numpy.random.default_rng(0).uniform(-1, 1, (3, 3)))
    rng = numpy.random.default_rng(1)
    lengths = [2, 4, 3]
    xs = [rng.uniform(-1, 1, (n, 3)) for n in lengths]
    ys = [rng.integers(0, 3, n).astype(numpy.int32) for n in lengths]
    loss = link(xs, ys, reduce=reduce, transpose=True)
    order = [1, 2, 0]                                       # decreasing length
    txs = F.transpose_sequence([xs[i] for i in order])
    tys = F.transpose_sequence([ys[i] for i in order])
    numpy.testing.assert_allclose(loss.array, link(txs, tys, reduce=reduce).array, rtol=1e-12)
    numpy.testing.assert_allclose(
        loss.array, F.crf1d(link.cost, txs, tys, reduce=reduce).array, rtol=1e-12)


def test_argmax_transpose_gives_paths_per_sequence(link_float64):
    link = L.CRF1d(3, initial_cost=numpy.random.default_rng(2).uniform(-1, 1, (3, 3)))
    rng = numpy.random.default_rng(3)
    lengths = [1, 3, 2]
    xs = [rng.uniform(-1, 1, (n, 3)) for n in lengths]
    score, paths = link.argmax(xs, transpose=True)
    order = [1, 2, 0]
    t_score, t_paths = link.argmax(F.transpose_sequence([xs[i] for i in order]))
    numpy.testing.assert_array_equal(score.array, t_score.array)
    per_seq = [p.array for p in F.transpose_sequence(t_paths)]
    for rank, i in enumerate(order):
        assert paths[i].shape == (lengths[i],)
        numpy.testing.assert_array_equal(paths[i], per_seq[rank])


def test_cost_gradient(link_float64, check_link_backward):
    link = L.CRF1d(2, initial_cost=numpy.random.default_rng(4).uniform(-1, 1, (2, 2)))
    rng = numpy.random.default_rng(5)
    ys = [numpy.array([0, 1], numpy.int32), numpy.array([1], numpy.int32)]
    check_link_backward(lambda x0, x1: link([x0, x1], ys, reduce='no'),
                        [rng.uniform(-1, 1, (2, 2)), rng.uniform(-1, 1, (1, 2))],
                        link.params())
