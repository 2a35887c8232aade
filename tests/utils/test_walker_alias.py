import numpy
import pytest

from kusari import utils


@pytest.mark.parametrize('probs', [[5, 3, 4, 1, 2], [1], [0, 1, 0, 3], [0.1] * 7 + [10]])
def test_samples_follow_the_probabilities(probs):
    numpy.random.seed(0)
    sampler = utils.WalkerAlias(probs)
    assert not sampler.use_gpu and sampler.device.xp is numpy
    n = 200000
    draws = sampler.sample((n // 4, 4))
    assert draws.shape == (n // 4, 4) and draws.dtype == numpy.int32
    freq = numpy.bincount(draws.ravel(), minlength=len(probs)) / n
    p = numpy.asarray(probs, float) / numpy.sum(probs)
    # 5 standard deviations of a binomial proportion
    numpy.testing.assert_array_less(numpy.abs(freq - p), 5 * numpy.sqrt(p * (1 - p) / n) + 1e-12)


def test_table_is_consistent():
    sampler = utils.WalkerAlias([5, 3, 4, 1, 2])
    n = len(sampler.threshold)
    assert sampler.values.shape == (2 * n,) and (sampler.values < n).all()
    # each index's probability is recovered from the table
    mass = numpy.zeros(n)
    for k in range(n):
        t = min(max(float(sampler.threshold[k]), 0.0), 1.0)
        mass[sampler.values[2 * k]] += t
        mass[sampler.values[2 * k + 1]] += 1 - t
    numpy.testing.assert_allclose(mass / n, numpy.array([5, 3, 4, 1, 2]) / 15, atol=1e-6)


def test_to_cpu_is_a_no_op_and_errors():
    sampler = utils.WalkerAlias([1, 2])
    assert sampler.to_device('@numpy') is sampler and sampler.sample(3).shape == (3,)
    with pytest.warns(DeprecationWarning, match='to_cpu is deprecated'):
        assert sampler.to_cpu() is sampler
    with pytest.raises(ValueError, match='must not be empty'):
        utils.WalkerAlias([])
    with pytest.raises(ValueError, match='non-negative with a positive sum'):
        utils.WalkerAlias([1, -1])


@pytest.mark.gpu
def test_sample_on_gpu():
    from kusari.backends import cuda
    if not cuda.available:
        pytest.skip('CuPy is not installed')
    cupy = cuda.cupy
    try:
        if cupy.cuda.runtime.getDeviceCount() < 1:
            pytest.skip('no CUDA device')
    except Exception:  # noqa: BLE001 - no usable device
        pytest.skip('no CUDA device')
    sampler = utils.WalkerAlias([5, 3, 4, 1, 2]).to_gpu()
    assert sampler.use_gpu
    draws = sampler.sample((50000,))
    assert isinstance(draws, cupy.ndarray)
    freq = numpy.bincount(cupy.asnumpy(draws), minlength=5) / 50000
    numpy.testing.assert_allclose(freq, numpy.array([5, 3, 4, 1, 2]) / 15, atol=0.01)
    assert not sampler.to_cpu().use_gpu
