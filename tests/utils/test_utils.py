"""kusari.utils: the array helpers."""
import numpy
import pytest

from kusari import utils


@pytest.mark.parametrize('shape', [(1 << 14,), (3, 1 << 13, 5), (0,), (2, 3)])
@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_empty_aligned(shape, dtype):
    a = utils.empty_aligned(shape, dtype)
    assert a.shape == shape and a.dtype == dtype
    assert a.flags.c_contiguous and a.flags.writeable
    if a.nbytes >= 1 << 16:
        assert a.ctypes.data % utils.ALIGNMENT == 0
    a[...] = 1    # the whole view is usable
    assert a.sum(dtype=numpy.float64) == a.size
    b = utils.empty_aligned(shape, dtype, min_bytes=0)
    assert b.shape == shape
    if b.size:
        assert b.ctypes.data % utils.ALIGNMENT == 0


def test_format_array_props():
    text = utils._format_array_props([numpy.zeros((2, 3), numpy.float32), None,
                                      numpy.zeros((), numpy.int64)])
    assert text == '(2, 3):float32, None, ():int64'
