import numpy
import pytest

import kusari
import kusari.functions as F
import kusari.links as L
from kusari import gradient_check, serializers


def _x(shape, seed=0):
    return numpy.random.default_rng(seed).normal(1., 2., shape)


def test_initial_statistics():
    dbn = L.DecorrelatedBatchNormalization(6, groups=2)
    assert dbn.avg_mean.shape == (2, 3) and dbn.avg_mean.dtype == numpy.float32
    numpy.testing.assert_array_equal(dbn.avg_projection, numpy.tile(numpy.eye(3), (2, 1, 1)))
    assert sorted(dbn._persistent) == ['N', 'avg_mean', 'avg_projection']
    assert (dbn.decay, dbn.eps, dbn.N) == (0.9, 2e-5, 0)


def test_train_mode_matches_function_and_updates_statistics():
    x = _x((10, 4, 3))
    dbn = L.DecorrelatedBatchNormalization(4, groups=2, decay=0.8, dtype=numpy.float64)
    rm, rp = dbn.avg_mean.copy(), dbn.avg_projection.copy()
    expected = F.decorrelated_batch_normalization(x, groups=2, running_mean=rm,
                                                  running_projection=rp, decay=0.8)
    y = dbn(x)
    numpy.testing.assert_allclose(y.array, expected.array, rtol=1e-12)
    numpy.testing.assert_allclose(dbn.avg_mean, rm, rtol=1e-12)
    numpy.testing.assert_allclose(dbn.avg_projection, rp, rtol=1e-12)
    assert not numpy.allclose(rp, numpy.tile(numpy.eye(2), (2, 1, 1)))


def test_test_mode_uses_the_averages():
    x = _x((5, 4))
    dbn = L.DecorrelatedBatchNormalization(4, groups=1, dtype=numpy.float64)
    dbn.avg_mean[...] = 0.5
    dbn.avg_projection[...] = 2 * numpy.eye(4)
    before = dbn.avg_mean.copy()
    with kusari.using_config('train', False):
        y = dbn(x)
    numpy.testing.assert_allclose(y.array, 2 * (x - 0.5))
    numpy.testing.assert_array_equal(dbn.avg_mean, before)


def test_finetune_averages_the_batches():
    dbn = L.DecorrelatedBatchNormalization(2, groups=1, dtype=numpy.float64)
    xs = [_x((8, 2), seed) for seed in range(3)]
    for x in xs:
        dbn(x, finetune=True)
    assert dbn.N == 3
    numpy.testing.assert_allclose(dbn.avg_mean[0], numpy.mean([x.mean(0) for x in xs], 0))
    dbn.start_finetuning()
    assert dbn.N == 0


def test_recomputing_leaves_statistics():
    dbn = L.DecorrelatedBatchNormalization(2, groups=1)
    with kusari.using_config('in_recomputing', True):
        dbn(_x((4, 2)).astype(numpy.float32), finetune=True)
    assert dbn.N == 0
    numpy.testing.assert_array_equal(dbn.avg_mean, 0)


def test_gradient_through_the_link():
    x = _x((6, 4, 2))
    dbn = L.DecorrelatedBatchNormalization(4, groups=2, dtype=numpy.float64)
    gy = _x(x.shape, 1)
    gradient_check.check_backward(dbn, x, gy, atol=1e-6, rtol=1e-5)


def test_unknown_forward_keyword():
    with pytest.raises(TypeError):
        L.DecorrelatedBatchNormalization(4, groups=1)(_x((3, 4)), fine_tune=True)


def test_npz_round_trip(tmp_path):
    src = L.DecorrelatedBatchNormalization(4, groups=2)
    src(_x((6, 4)).astype(numpy.float32))
    path = str(tmp_path / 'dbn.npz')
    serializers.save_npz(path, src)
    dst = L.DecorrelatedBatchNormalization(4, groups=2)
    serializers.load_npz(path, dst)
    numpy.testing.assert_array_equal(dst.avg_mean, src.avg_mean)
    numpy.testing.assert_array_equal(dst.avg_projection, src.avg_projection)


@pytest.mark.parametrize('groups', [1, 2])
def test_old_ungrouped_statistics_are_broadcast(tmp_path, groups):
    path = str(tmp_path / 'old.npz')
    numpy.savez(path, avg_mean=numpy.arange(2, dtype=numpy.float32),
                avg_projection=3 * numpy.eye(2, dtype=numpy.float32), N=numpy.array(0))
    dbn = L.DecorrelatedBatchNormalization(2 * groups, groups=groups)
    if groups == 1:
        serializers.load_npz(path, dbn)
    else:
        with pytest.warns(UserWarning, match='old DecorrelatedBatchNormalization'):
            serializers.load_npz(path, dbn)
    numpy.testing.assert_array_equal(dbn.avg_mean, numpy.tile([0, 1], (groups, 1)))
    numpy.testing.assert_array_equal(dbn.avg_projection,
                                     numpy.tile(3 * numpy.eye(2), (groups, 1, 1)))
