import numpy
import pytest

import kusari.links as L


@pytest.mark.parametrize('ignore_label', [None, 1])
def test_forward_and_gradients(link_float64, check_link_backward, ignore_label):
    link = L.EmbedID(4, 3, ignore_label=ignore_label)
    x = numpy.array([[0, 1, 3], [2, 1, 0]], numpy.int32)
    y = link(x)
    expected = link.W.array[x]
    if ignore_label is not None:
        expected[x == ignore_label] = 0
    numpy.testing.assert_allclose(y.array, expected)
    check_link_backward(link, [x], link.params())


def test_default_initializer_and_from_params():
    numpy.random.seed(3)
    link = L.EmbedID(500, 20)
    assert link.W.dtype == numpy.float32
    assert abs(link.W.array.std() - 1.0) < 0.05       # Normal(1.0)
    W = numpy.arange(6, dtype=numpy.float32).reshape(3, 2)
    link = L.EmbedID.from_params(W, ignore_label=-1)
    numpy.testing.assert_array_equal(link.W.array, W)
    assert link.ignore_label == -1
