import numpy

import kusari
import kusari.functions as F


def test_fix_rounds_toward_zero_and_keeps_dtype():
    for dtype in (numpy.float16, numpy.float32, numpy.float64):
        x = numpy.array([-2.5, -1.7, -0.2, 0.0, 0.3, 1.7, 2.5], dtype)
        y = F.fix(x)
        assert isinstance(y, kusari.Variable) and y.dtype == dtype
        numpy.testing.assert_array_equal(y.array, numpy.fix(x))
    assert F.fix(numpy.float64(1.5)).array.shape == ()


def test_fix_is_outside_the_graph():
    x = kusari.Variable(numpy.array([1.5, -1.5]))
    y = F.fix(x)
    assert y.creator is None
    numpy.testing.assert_array_equal(y.array, [1.0, -1.0])
