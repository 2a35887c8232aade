"""Batch normalization's kernels with the channels split over threads (large inputs)."""
import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.functions.normalization import _bn_kernels


@pytest.mark.parametrize('threads', [2, 3])
def test_channel_split_matches_numpy_path(monkeypatch, num_threads, threads):
    """Training forward and backward with the channels split over threads equal the NumPy
    reference path (the split is forced on a small input)."""
    monkeypatch.setattr(_bn_kernels, '_SPLIT_MIN', 1)
    monkeypatch.setattr(_bn_kernels, '_BATCH_SPLIT_MIN', 1 << 40)
    num_threads(threads)
    rng = numpy.random.default_rng(threads)
    x = rng.standard_normal((4, 7, 5, 3)).astype(numpy.float32)
    gamma = rng.uniform(0.5, 1.5, 7).astype(numpy.float32)
    beta = rng.standard_normal(7).astype(numpy.float32)
    gy = rng.standard_normal(x.shape).astype(numpy.float32)

    def run():
        xv, gv, bv = (kusari.Variable(a) for a in (x, gamma, beta))
        y = F.batch_normalization(xv, gv, bv)
        grads = kusari.grad([y], [xv, gv, bv], [gy])
        return [y.array] + [g.array for g in grads]

    fast = run()
    with kusari.using_config('use_numba', False):
        ref = run()
    for a, b in zip(fast, ref):
        testing.assert_allclose(a, b, atol=2e-5, rtol=2e-5)


@pytest.mark.parametrize('threads', [1, 2, 3])
@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
@pytest.mark.parametrize('chunk', [1, 2, 64])
def test_batch_split_matches_numpy_path(monkeypatch, num_threads, threads, dtype, chunk):
    """Training BN of 3-d inputs with the batch split over threads (each share's channel
    statistics, ``chunk`` batch elements at a time, merged; then the gradient sums of each
    share added) equals the NumPy reference path: outputs, batch statistics, running
    statistics and gradients, on data far from zero mean."""
    monkeypatch.setattr(_bn_kernels, '_BATCH_SPLIT_MIN', 1)
    monkeypatch.setattr(_bn_kernels, '_BLOCK_BYTES', chunk * 6 * 10 * numpy.dtype(dtype).itemsize)
    num_threads(threads)
    rng = numpy.random.default_rng(threads)
    x = (rng.standard_normal((7, 6, 2, 5)) * 3 + 100).astype(dtype)
    gamma = rng.uniform(0.5, 1.5, 6).astype(dtype)
    beta = rng.standard_normal(6).astype(dtype)
    gy = rng.standard_normal(x.shape).astype(dtype)

    def run():
        stats = [numpy.zeros(6, dtype), numpy.ones(6, dtype)]
        f = _bn_node(mean=stats[0], var=stats[1])
        xv, gv, bv = (kusari.Variable(a) for a in (x, gamma, beta))
        y, = f.apply((xv, gv, bv))
        grads = kusari.grad([y], [xv, gv, bv], [gy])
        return [y.array, f.mean, f.inv_std] + stats + [g.array for g in grads]

    assert _bn_kernels._batch_split(_bn_kernels.geometry(x.shape, (0, 2, 3))) == (threads > 1)
    fast = run()
    with kusari.using_config('use_numba', False):
        ref = run()
    tol = 1e-4 if dtype == numpy.float32 else 1e-10
    for a, b in zip(fast, ref):
        testing.assert_allclose(a, b, atol=tol, rtol=tol)
    x64 = x.astype(numpy.float64)
    testing.assert_allclose(fast[1], x64.mean(axis=(0, 2, 3)), rtol=tol, atol=0)
    testing.assert_allclose(fast[2], (x64.var(axis=(0, 2, 3)) + 2e-5) ** -0.5, rtol=tol, atol=0)


def _bn_node(**kwargs):
    from kusari.functions.normalization.batch_normalization import BatchNormalization
    return BatchNormalization(**kwargs)


@pytest.mark.parametrize('threads', [1, 2, 3])
@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
def test_fixed_2d_row_split_matches_numpy_path(monkeypatch, num_threads, threads, dtype):
    """Fixed batch normalization of 2-d inputs, first and second order, with the rows split
    over threads (each share's channel sums added up) equals the NumPy reference path."""
    monkeypatch.setattr(_bn_kernels, '_SPLIT_MIN', 1)
    num_threads(threads)
    rng = numpy.random.default_rng(threads)
    x = rng.standard_normal((37, 11)).astype(dtype)
    gamma, beta, mean = (rng.standard_normal(11).astype(dtype) for _ in range(3))
    var = rng.uniform(0.5, 1.5, 11).astype(dtype)
    gy = rng.standard_normal(x.shape).astype(dtype)

    def run():
        vs = [kusari.Variable(a) for a in (x, gamma, beta, mean, var)]
        y = F.fixed_batch_normalization(*vs)
        first = kusari.grad([y], vs, [gy], enable_double_backprop=True)
        pen = sum(F.sum(g * g) for g in first)
        second = kusari.grad([pen], vs)
        return [y.array] + [None if g is None else g.array for g in first + second]

    fast = run()
    with kusari.using_config('use_numba', False):
        ref = run()
    tol = 1e-5 if dtype == numpy.float32 else 1e-10
    assert [a is None for a in fast] == [b is None for b in ref]
    assert sum(a is not None for a in fast) >= 9     # y, five gradients, x/gamma/mean/var
    for a, b in zip(fast, ref):
        if a is not None:
            testing.assert_allclose(a, b, atol=tol, rtol=tol)
