import numpy
import pytest

from kusari import utils


def _matrix(rng, shape, dtype):
    x = rng.uniform(0.5, 1, shape).astype(dtype)
    x[x < 0.75] = 0
    return x


@pytest.mark.parametrize('nbatch', [0, 1, 4])
@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('ldnz', [None, 12])
def test_to_coo_round_trip(nbatch, dtype, ldnz):
    rng = numpy.random.default_rng(nbatch)
    shape = ((nbatch,) if nbatch else ()) + (3, 4)
    x = _matrix(rng, shape, dtype)
    coo = utils.to_coo(x, ldnz=ldnz)
    assert coo.data.shape == coo.row.shape == coo.col.shape
    assert coo.row.dtype == coo.col.dtype == numpy.int32 and coo.data.dtype == dtype
    nnz = max(numpy.count_nonzero(m) for m in x.reshape(-1, 3, 4))
    assert coo.data.shape[-1] == (nnz if ldnz is None else max(nnz, ldnz))
    assert coo.shape == (3, 4) and coo.order == 'C'
    numpy.testing.assert_array_equal(coo.to_dense(), x)
    assert not coo.data.requires_grad
    assert utils.to_coo(x, requires_grad=True).data.requires_grad


def test_duplicates_add_and_trailing_padding_is_ignored():
    data = numpy.array([3.0, 0.0, 4.0, -5.0], numpy.float32)
    row, col = numpy.array([0, 0, 1, 0]), numpy.array([0, 1, 2, 0])
    expected = numpy.array([[-2.0, 0.0, 0.0], [0.0, 0.0, 4.0]], numpy.float32)
    numpy.testing.assert_array_equal(utils.CooMatrix(data, row, col, (2, 3)).to_dense(),
                                     expected)
    batched = utils.CooMatrix(data[None], row[None], col[None], (2, 3))
    numpy.testing.assert_array_equal(batched.to_dense(), expected[None])
    padded = utils.CooMatrix(numpy.array([1.0, 0.0]), numpy.array([1, -1]),
                             numpy.array([0, -1]), (2, 2))
    numpy.testing.assert_array_equal(padded.to_dense(), [[0, 0], [1, 0]])


def test_get_order():
    assert utils.get_order(numpy.array([0, 0, 1, 1, 2]), numpy.array([0, 1, 1, 2, 2])) == 'C'
    assert utils.get_order(numpy.array([0, 1, 0, 1]), numpy.array([0, 0, 1, 1])) == 'F'
    row, col = numpy.array([0, 2, 4, 1, 3]), numpy.array([1, 3, 0, 2, 4])
    assert utils.get_order(row, col) == 'other'
    assert utils.get_order(row[None], col[None]) == 'other'
    assert utils.get_order(numpy.array([0, -1]), numpy.array([0, -1])) == 'C'
    with pytest.raises(ValueError, match='shape of row and col must be the same'):
        utils.get_order(row[:4], col)
    with pytest.raises(ValueError, match='invalid index combination'):
        utils.get_order(numpy.array([0, 2, 4, 1, -1]), numpy.array([1, 3, 0, -1, 4]))


def test_coo_matrix_errors():
    d, i = numpy.ones(2), numpy.zeros(2, numpy.int32)
    with pytest.raises(ValueError, match='ndim of data must be 1 or 2'):
        utils.CooMatrix(numpy.ones((1, 1, 2)), i, i, (2, 2))
    with pytest.raises(ValueError, match='ndim of data, row and col must be the same'):
        utils.CooMatrix(d, i[None], i, (2, 2))
    with pytest.raises(ValueError, match='length of shape must be 2'):
        utils.CooMatrix(d, i, i, (2,))
    with pytest.raises(ValueError, match='must be greater than 0'):
        utils.CooMatrix(d, i, i, (0, 2))
    with pytest.raises(ValueError, match="order must be 'C', 'F', 'other' or None"):
        utils.CooMatrix(d, i, i, (2, 2), order='X')
    with pytest.raises(ValueError, match='ndim of x must be 2 or 3'):
        utils.to_coo(numpy.ones(3))
