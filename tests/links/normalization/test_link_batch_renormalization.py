import numpy
import pytest

import kusari
import kusari.functions as F
import kusari.links as L


def _x(shape, seed=0):
    return numpy.random.default_rng(seed).normal(1., 2., shape)


def test_size_required():
    with pytest.raises(TypeError):
        L.BatchRenormalization()


def test_defaults():
    br = L.BatchRenormalization(3)
    assert (br.rmax, br.dmax, br.decay, br.eps, br.N) == (1, 0, 0.9, 2e-5, 0)
    assert br.r is None and br.d is None
    numpy.testing.assert_array_equal(br.avg_mean, 0.)
    numpy.testing.assert_array_equal(br.avg_var, 1.)
    assert sorted(br._persistent) == ['N', 'avg_mean', 'avg_var']


def test_initial_statistics_go_to_their_place():
    br = L.BatchRenormalization(2, initial_avg_mean=3., initial_avg_var=5., dtype=numpy.float64)
    assert br.axis is None
    numpy.testing.assert_array_equal(br.avg_mean, 3.)
    numpy.testing.assert_array_equal(br.avg_var, 5.)


def test_default_bounds_equal_batch_normalization():
    # rmax=1 and dmax=0 make r=1 and d=0: plain batch normalization with the same statistics
    x = _x((5, 3, 2))
    br = L.BatchRenormalization(3, dtype=numpy.float64, initial_avg_mean=4.,
                                initial_avg_var=9.)
    y = br(x)
    mean, var = x.mean(axis=(0, 2)), x.var(axis=(0, 2))
    ref = (x - mean[:, None]) / numpy.sqrt(var[:, None] + 2e-5)
    numpy.testing.assert_allclose(y.array, ref, rtol=1e-10, atol=1e-12)
    m = 10
    numpy.testing.assert_allclose(br.avg_mean, 0.9 * 4. + 0.1 * mean, rtol=1e-12)
    numpy.testing.assert_allclose(br.avg_var, 0.9 * 9. + 0.1 * var * m / (m - 1), rtol=1e-12)


def test_train_mode_matches_function():
    x = _x((6, 3))
    br = L.BatchRenormalization(3, rmax=2., dmax=0.5, decay=0.7, dtype=numpy.float64,
                                initial_gamma=1.5, initial_beta=0.5,
                                initial_avg_mean=numpy.array([0., 1., 3.]),
                                initial_avg_var=numpy.array([1., 9., 2.]))
    rm, rv = br.avg_mean.copy(), br.avg_var.copy()
    expected = F.batch_renormalization(x, numpy.full(3, 1.5), numpy.full(3, .5), 2., 0.5,
                                       2e-5, rm, rv, 0.7, update_statistics=True)
    y = br(x)
    numpy.testing.assert_allclose(y.array, expected.array, rtol=1e-14)
    numpy.testing.assert_allclose(br.avg_mean, rm, rtol=1e-14)
    numpy.testing.assert_allclose(br.avg_var, rv, rtol=1e-14)
    assert not numpy.allclose(rm, [0., 1., 3.])


def test_test_mode_fixed_normalization():
    br = L.BatchRenormalization(3, rmax=3., dmax=1., dtype=numpy.float64, initial_gamma=2.,
                                initial_avg_mean=numpy.array([0., 1., 2.]),
                                initial_avg_var=numpy.array([1., 4., 9.]))
    x = _x((4, 3))
    with kusari.using_config('train', False):
        y = br(x)
    ref = 2. * (x - [0., 1., 2.]) / numpy.sqrt(numpy.array([1., 4., 9.]) + 2e-5)
    numpy.testing.assert_allclose(y.array, ref, rtol=1e-12)
    numpy.testing.assert_array_equal(br.avg_mean, [0., 1., 2.])


def test_finetune():
    br = L.BatchRenormalization(3, dtype=numpy.float64)
    xs = [_x((4, 3), s) for s in range(2)]
    for x in xs:
        br(x, finetune=True)
    assert br.N == 2
    numpy.testing.assert_allclose(br.avg_mean, (xs[0].mean(0) + xs[1].mean(0)) / 2,
                                  rtol=1e-12)
    br.start_finetuning()
    assert br.N == 0


def test_without_gamma_and_beta():
    br = L.BatchRenormalization(3, use_gamma=False, use_beta=False, dtype=numpy.float64)
    assert br.gamma is None and br.beta is None
    x = _x((5, 3))
    y = br(x)
    numpy.testing.assert_allclose(y.array, (x - x.mean(0)) / numpy.sqrt(x.var(0) + 2e-5),
                                  rtol=1e-10)


def test_double_backward_through_link():
    br = L.BatchRenormalization(3, rmax=2., dmax=1., dtype=numpy.float64)
    x = kusari.Variable(_x((4, 3)))
    y = br(x)
    gx, = kusari.grad([F.sum(y * y * y)], [x], enable_double_backprop=True)
    ggamma, = kusari.grad([F.sum(gx * gx)], [br.gamma])
    assert ggamma.shape == (3,) and numpy.abs(ggamma.array).max() > 0


def test_in_recomputing_leaves_statistics():
    br = L.BatchRenormalization(3, dtype=numpy.float64)
    with kusari.using_config('in_recomputing', True):
        br(_x((4, 3)))
    numpy.testing.assert_array_equal(br.avg_mean, 0.)
