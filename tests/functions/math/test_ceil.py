import numpy
import pytest

import kusari
import kusari.functions as F


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_ceil(dtype):
    x = numpy.array([-1.5, -0.5, 0.0, 0.5, 2.0], dtype)
    y = F.ceil(kusari.Variable(x))
    assert y.dtype == dtype
    numpy.testing.assert_array_equal(y.array, [-1, 0, 0, 1, 2])
    assert y.creator is None and not y.requires_grad


def test_ceil_0d():
    y = F.ceil(numpy.array(2.5, numpy.float32))
    assert isinstance(y.array, numpy.ndarray) and y.array == 3 and y.dtype == numpy.float32
