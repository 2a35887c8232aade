import numpy
import pytest

import kusari
from kusari import testing
from kusari.testing import array


def test_tolerances_are_relative_to_the_expected_value():
    testing.assert_allclose(numpy.array([1.0, 100.5]), numpy.array([1.0, 100.0]),
                            atol=0, rtol=0.01)
    with pytest.raises(AssertionError):
        # |x - y| = 0.5 is more than 0.01 * |y| = 0.4 with y = 40
        testing.assert_allclose(numpy.array([40.5]), numpy.array([40.0]), atol=0, rtol=0.01)
    testing.assert_allclose(numpy.array([0.0]), numpy.array([1e-6]), atol=1e-5, rtol=0)


def test_the_message_names_the_worst_element():
    x = numpy.array([[0.0, 1.0], [2.0, 3.0]], numpy.float32)
    y = x.copy()
    y[1, 0] = 2.5
    with pytest.raises(AssertionError) as info:
        testing.assert_allclose(x, y, atol=0.1, rtol=0)
    message = str(info.value)
    assert 'worst element at (1, 0): x = 2.0, y = 2.5' in message
    assert 'shape: (2, 2) (2, 2)' in message and 'dtype: float32 float32' in message


def test_zero_expected_values_do_not_divide_by_zero():
    with numpy.errstate(divide='raise', invalid='raise'):
        with pytest.raises(AssertionError, match='relative error inf'):
            testing.assert_allclose(numpy.array([1.0]), numpy.array([0.0]))


def test_broadcasting_variables_and_scalars():
    testing.assert_allclose(numpy.ones((2, 3)), 1.0)
    testing.assert_allclose(kusari.Variable(numpy.ones(2)), numpy.ones(2))
    with pytest.raises(AssertionError, match='shapes'):
        testing.assert_allclose(numpy.ones(2), numpy.ones(3))
    with pytest.raises(TypeError, match='None'):
        testing.assert_allclose(None, numpy.ones(3))


@pytest.mark.parametrize('shape', [(3,), (2, 3), (1, 2), (2, 1, 3)])
def test_noncontiguous_copies(shape):
    a = numpy.arange(numpy.prod(shape), dtype=numpy.float32).reshape(shape)
    b = array._as_noncontiguous_array(a)
    assert not b.flags.c_contiguous and not b.flags.f_contiguous
    numpy.testing.assert_array_equal(a, b)
    assert b.dtype == a.dtype
    small = numpy.ones(1)
    assert array._as_noncontiguous_array(small) is small
    c, none = array._as_noncontiguous_array((a, None))
    assert none is None and not c.flags.c_contiguous
