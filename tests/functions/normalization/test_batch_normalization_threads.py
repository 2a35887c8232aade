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
