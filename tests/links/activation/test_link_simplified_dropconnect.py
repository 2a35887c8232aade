import numpy

import kusari
import kusari.functions as F
import kusari.links as L


def test_forward_matches_function_with_a_given_mask():
    rng = numpy.random.default_rng(0)
    link = L.SimplifiedDropconnect(6, 4, ratio=0.25)
    assert link.W.shape == (4, 6) and link.b.shape == (4,)
    x = rng.uniform(-1, 1, (3, 2, 3)).astype(numpy.float32)
    mask = rng.uniform(size=(3, 4, 6)) > 0.25
    y = link(x, mask=mask)
    expected = F.simplified_dropconnect(x, link.W, link.b, 0.25, True, mask)
    numpy.testing.assert_allclose(y.array, expected.array, rtol=1e-6)
    numpy.testing.assert_array_equal(link.mask, mask)   # the first mask is kept
    assert 'mask' in link._persistent


def test_test_mode_uses_every_weight():
    link = L.SimplifiedDropconnect(3, 2, nobias=True)
    x = numpy.ones((2, 3), numpy.float32)
    numpy.testing.assert_allclose(link(x, train=False).array, x @ link.W.array.T, rtol=1e-6)


def test_placeholder_in_size():
    link = L.SimplifiedDropconnect(None, 5)
    assert link.W.array is None
    link(numpy.ones((2, 3, 4), numpy.float32))
    assert link.W.shape == (5, 12)


def test_default_initializer_scale():
    with kusari.using_config('dtype', numpy.float64):
        link = L.SimplifiedDropconnect(2000, 50)
    # He normal with scale 1 / sqrt(2): standard deviation sqrt(2 / fan_in) / sqrt(2)
    assert abs(link.W.array.std() * numpy.sqrt(2000) - 1) < 0.05
