import numpy

import kusari
import kusari.functions as F
import kusari.links as L


def test_forward_with_fixed_samples(walker_alias, link_float64):
    link = L.BlackOut(4, [3, 2, 1], 5)
    assert link.W.shape == (3, 4)
    rng = numpy.random.default_rng(0)
    link.W.array[...] = rng.uniform(-1, 1, link.W.shape)
    x = rng.uniform(-1, 1, (2, 4))
    t = numpy.array([0, 2], numpy.int32)
    link.sample_data = rng.integers(0, 3, (2, 5)).astype(numpy.int32)
    y = link(x, t)
    numpy.testing.assert_array_equal(y.array, F.black_out(x, t, link.W, link.sample_data).array)


def test_draws_samples_and_gradients(walker_alias, link_float64, check_link_backward):
    link = L.BlackOut(3, [3, 0, 1], 4)
    rng = numpy.random.default_rng(1)
    link.W.array[...] = rng.uniform(-1, 1, link.W.shape)
    drawn = []
    sample = link.sampler.sample

    def record(shape):
        s = sample(shape)
        drawn.append(s)
        return s
    link.sampler.sample = record
    y = link(rng.uniform(-1, 1, (6, 3)), numpy.zeros(6, numpy.int32))
    assert y.shape == () and drawn[0].shape == (6, 4)
    assert not (drawn[0] == 1).any()             # count 0: never drawn
    link.sample_data = drawn[0]
    check_link_backward(lambda x: link(x, numpy.zeros(6, numpy.int32)),
                        [rng.uniform(-1, 1, (6, 3))], link.params())


def test_dtype_follows_config(walker_alias):
    with kusari.using_config('dtype', numpy.float16):
        assert L.BlackOut(2, [1, 1], 1).W.dtype == numpy.float16
