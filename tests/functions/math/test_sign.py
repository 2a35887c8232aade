import numpy
import pytest

import kusari
import kusari.functions as F


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64, numpy.int32])
def test_sign(dtype):
    x = numpy.array([[-2, 0, 3]], dtype)
    v = kusari.Variable(x)
    y = F.sign(v)
    assert y.dtype == dtype
    numpy.testing.assert_array_equal(y.array, [[-1, 0, 1]])
    assert y.creator is None and not y.requires_grad


def test_sign_of_an_array_and_0d():
    y = F.sign(numpy.array(-0.5))
    assert isinstance(y.array, numpy.ndarray) and y.shape == () and y.array == -1
