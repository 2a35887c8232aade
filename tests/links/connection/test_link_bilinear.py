import numpy
import pytest

import kusari.links as L


@pytest.mark.parametrize('nobias', [False, True])
def test_forward_and_gradients(link_float64, check_link_backward, nobias):
    link = L.Bilinear(2, 3, 4, nobias=nobias)
    e1 = numpy.random.uniform(-1, 1, (5, 2))
    e2 = numpy.random.uniform(-1, 1, (5, 3))
    y = link(e1, e2)
    expected = numpy.einsum('bi,bj,ijk->bk', e1, e2, link.W.array)
    if not nobias:
        expected += e1 @ link.V1.array + e2 @ link.V2.array + link.b.array
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-12)
    check_link_backward(link, [e1, e2], link.params())


def test_initial_bias_tuple_and_errors():
    V1 = numpy.ones((2, 4), numpy.float32)
    link = L.Bilinear(2, 3, 4, initial_bias=(V1, 0.5, 2.0))
    numpy.testing.assert_array_equal(link.V1.array, V1)
    numpy.testing.assert_array_equal(link.V2.array, numpy.full((3, 4), 0.5))
    numpy.testing.assert_array_equal(link.b.array, numpy.full(4, 2.0))
    with pytest.raises(ValueError, match='initial_bias must be tuple or None'):
        L.Bilinear(2, 3, 4, initial_bias=0.5)
    # Chainer asserts the shapes of initial arrays: AssertionError
    with pytest.raises(AssertionError, match=r'initialW must have shape \(2, 3, 4\), got'):
        L.Bilinear(2, 3, 4, initialW=numpy.ones((2, 2, 4), numpy.float32))
    with pytest.raises(AssertionError, match=r'initial V2 must have shape \(3, 4\), got'):
        L.Bilinear(2, 3, 4, initial_bias=(V1, numpy.ones((2, 4)), 0.0))
