import numpy
import pytest

import kusari
from kusari.utils import array


@pytest.mark.parametrize('shape', [(), (2, 3), (0,), (5, 0, 7)])
def test_size_of_shape(shape):
    size = array.size_of_shape(shape)
    assert type(size) is int and size == numpy.empty(shape).size


@pytest.mark.parametrize('in_shape, out_shape', [
    ((), ()), ((3,), ()), ((3,), (1,)), ((2, 3), (3,)), ((2, 3), (1, 3)), ((2, 3), (2, 1)),
    ((2, 3, 4), (3, 1)), ((2, 1), (2, 1))])
def test_sum_to(in_shape, out_shape):
    x = numpy.arange(1, numpy.prod(in_shape, dtype=int) + 1, dtype=numpy.float32).reshape(
        in_shape)
    y = array.sum_to(x, out_shape)
    assert isinstance(y, numpy.ndarray) and y.shape == out_shape
    lead = len(in_shape) - len(out_shape)
    axes = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(out_shape) if s == 1)
    numpy.testing.assert_array_equal(y, x.sum(axis=axes).reshape(out_shape))
    assert kusari.utils.sum_to is array.sum_to


def test_sum_to_refuses_variables():
    with pytest.raises(TypeError, match='kusari.functions.sum_to'):
        array.sum_to(kusari.Variable(numpy.ones((2, 3))), (3,))


def test_deprecated_helpers_warn():
    x = numpy.ones((2, 3, 4))
    with pytest.warns(DeprecationWarning, match='as_vec is deprecated'):
        assert array.as_vec(x).shape == (24,)
    with pytest.warns(DeprecationWarning, match='as_mat is deprecated'):
        assert array.as_mat(x).shape == (2, 12)
    with pytest.warns(DeprecationWarning, match='empty_like is deprecated'):
        e = array.empty_like(x)
    assert e.shape == x.shape and e.dtype == x.dtype and type(e) is numpy.ndarray
