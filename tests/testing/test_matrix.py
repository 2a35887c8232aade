import numpy
import pytest

from kusari import testing


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64, numpy.complex128])
@pytest.mark.parametrize('shape, singular', [
    ((3, 3), [3.0, 2.0, 0.5]),
    ((2, 4), [1.0, 0.25]),
    ((2, 4, 3), [[1.0, 2.0, 3.0], [0.5, 0.5, 0.5]]),
    ((2, 2), 1.0),
])
def test_singular_values(dtype, shape, singular):
    x = testing.generate_matrix(shape, dtype=dtype, singular_values=singular)
    assert x.shape == shape and x.dtype == dtype
    got = numpy.linalg.svd(x.astype(numpy.complex128), compute_uv=False)
    want = numpy.sort(numpy.broadcast_to(singular, got.shape), axis=-1)[..., ::-1]
    numpy.testing.assert_allclose(got, want, rtol=1e-5)


def test_empty_and_errors():
    assert testing.generate_matrix((0, 2, 3), singular_values=1).shape == (0, 2, 3)
    with pytest.raises(TypeError, match='singular_values is required'):
        testing.generate_matrix((2, 2))
    with pytest.raises(ValueError, match='fewer than two axes'):
        testing.generate_matrix((2,), singular_values=1)
    with pytest.raises(TypeError, match='neither float nor complex'):
        testing.generate_matrix((2, 2), dtype=numpy.int32, singular_values=1)
    with pytest.raises(TypeError, match='must be real'):
        testing.generate_matrix((2, 2), singular_values=1j)
    with pytest.raises(ValueError, match='negative'):
        testing.generate_matrix((2, 2), singular_values=[1, -1])
    with pytest.raises(ValueError):
        testing.generate_matrix((2, 2), singular_values=numpy.ones(3))
    with pytest.raises(ValueError):
        testing.generate_matrix((0, 2, 2), singular_values=numpy.ones(3))
