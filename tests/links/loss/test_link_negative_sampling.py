import numpy
import pytest

import kusari
import kusari.functions as F
import kusari.links as L
from kusari import backend


def test_forward_matches_the_function(walker_alias, link_float64):
    link = L.NegativeSampling(3, [10, 5, 2, 5, 2], 2)
    assert link.W.shape == (5, 3) and (link.W.array == 0).all()
    assert isinstance(link.sampler, walker_alias)
    rng = numpy.random.default_rng(0)
    link.W.array[...] = rng.uniform(-1, 1, link.W.shape)
    x = kusari.Variable(rng.uniform(-1, 1, (4, 3)))
    t = numpy.array([0, 4, -1, 2], numpy.int32)
    loss, samples = link(x, t, reduce='no', return_samples=True)
    assert samples.shape == (4, 3) and samples.dtype == numpy.int32
    assert ((0 <= samples[:, 1:]) & (samples[:, 1:] < 5)).all()
    expected = F.negative_sampling(x, t, link.W, lambda shape: samples.copy(), 2, reduce='no')
    numpy.testing.assert_array_equal(loss.array, expected.array)
    total = link(x, t)
    assert total.shape == ()


def test_samples_follow_counts_to_the_power(walker_alias):
    counts = [100, 1, 0, 30]
    link = L.NegativeSampling(2, counts, 50, power=0.5)
    numpy.random.seed(0)
    _, samples = link(numpy.zeros((400, 2), numpy.float32), numpy.zeros(400, numpy.int32),
                      return_samples=True)
    freq = numpy.bincount(samples[:, 1:].ravel(), minlength=4) / samples[:, 1:].size
    p = numpy.sqrt(counts) / numpy.sqrt(counts).sum()
    numpy.testing.assert_allclose(freq, p, atol=0.01)
    assert freq[2] == 0


def test_gradients(walker_alias, link_float64, check_link_backward):
    link = L.NegativeSampling(3, [3, 2, 1, 4], 2)
    rng = numpy.random.default_rng(1)
    link.W.array[...] = rng.uniform(-1, 1, link.W.shape)
    fixed = rng.integers(0, 4, (3, 3)).astype(numpy.int32)
    link.sampler.sample = lambda shape: fixed.copy()
    t = numpy.array([1, 3, 0], numpy.int32)
    check_link_backward(lambda x: link(x, t), [rng.uniform(-1, 1, (3, 3))], link.params())


def test_sampler_moves_with_the_link(walker_alias):
    link = L.NegativeSampling(2, [1, 2], 1)
    link.to_device('@numpy')
    assert link.sampler.device == backend.CpuDevice()
    with pytest.warns(DeprecationWarning, match='to_cpu is deprecated'):
        link.to_cpu()
    assert link.sampler.device == backend.CpuDevice()


def test_dtype_and_errors(walker_alias):
    with kusari.using_config('dtype', numpy.float16):
        link = L.NegativeSampling(2, [1, 2], 1)
    assert link.W.dtype == numpy.float16
    # dtype is that of the sampling weights; W follows config.dtype, as in Chainer
    link = L.NegativeSampling(2, [1, 2], 1, dtype=numpy.float64)
    assert link.W.dtype == numpy.float32
    with pytest.raises(TypeError, match='unexpected keyword argument'):
        link(numpy.zeros((1, 2)), numpy.zeros(1, numpy.int32), samples=True)
