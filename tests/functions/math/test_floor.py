import numpy
import pytest

import kusari
import kusari.functions as F


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_floor(dtype):
    x = numpy.array([-1.5, -0.5, 0.0, 0.5, 2.0], dtype)
    y = F.floor(kusari.Variable(x))
    assert y.dtype == dtype
    numpy.testing.assert_array_equal(y.array, [-2, -1, 0, 0, 2])
    assert y.creator is None and not y.requires_grad


def test_floor_0d():
    y = F.floor(numpy.array(2.5, numpy.float32))
    assert isinstance(y.array, numpy.ndarray) and y.array == 2 and y.dtype == numpy.float32
