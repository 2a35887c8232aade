import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.functions.array.as_strided import _stride_array


class TestAsStrided(testing.FunctionTestCase):
    """Views of a fresh buffer (the input): overlapping windows, broadcasting (stride 0),
    negative strides and offsets."""
    params = [
        {'n': 4, 'shape': (3, 2), 'strides': (1, 1), 'offset': 0},
        {'n': 6, 'shape': (2, 3, 2), 'strides': (0, 2, 1), 'offset': 0},
        {'n': 8, 'shape': (3, 3), 'strides': (-1, 2), 'offset': 3},
        {'n': 5, 'shape': (5,), 'strides': (-1,), 'offset': 4},
        {'n': 6, 'shape': (2,), 'strides': (2,), 'offset': None},
    ]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-1, 1, (self.n,)),

    def forward(self, inputs, device):
        return F.as_strided(inputs[0], self.shape, self.strides, self.offset),

    def forward_expected(self, inputs):
        offset = 0 if self.offset is None else self.offset
        return _reference(inputs[0], self.shape, self.strides, offset),

    def test_forward(self, param, dtype):
        """Contiguous inputs only: the view reads the whole buffer behind the input, so the
        runner's strided layout (a view of a larger buffer) is a different function."""
        inputs, _ = self._setup(param)
        low = self.cast_inputs(inputs, dtype)
        y = self._run_forward(low)[0]
        assert y.dtype == dtype
        testing.assert_allclose(y.array.astype(numpy.float64),
                                self.forward_expected(tuple(x.astype(numpy.float64)
                                                            for x in low))[0])


def _reference(x, shape, strides, offset):
    out = numpy.empty(shape)
    for idx in numpy.ndindex(*shape):
        out[idx] = x[offset + sum(i * s for i, s in zip(idx, strides))]
    return out


def test_gradient_counts_each_read():
    x = kusari.Variable(numpy.arange(4, dtype=numpy.float32))
    y = F.as_strided(x, (3, 2), (1, 1), 0)
    y.grad = numpy.ones((3, 2), numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [1, 2, 2, 1])


def test_overlapping_input_shares_the_gradient():
    # x reads the buffer 0..7 with strides (-1, 2): several elements of x alias one address
    base = numpy.arange(8, dtype=numpy.float64)
    xa = _stride_array(base, (3, 3), (-1, 2), 3)
    x = kusari.Variable(xa)
    y = F.as_strided(x, (3, 3), (1, 2), 0)
    numpy.testing.assert_array_equal(y.array, [[0, 2, 4], [1, 3, 5], [2, 4, 6]])
    y.grad = numpy.ones((3, 3))
    y.backward()
    addresses = numpy.array([[3, 5, 7], [2, 4, 6], [1, 3, 5]])
    reads = numpy.bincount(numpy.array([[0, 2, 4], [1, 3, 5], [2, 4, 6]]).ravel(), minlength=8)
    shares = numpy.bincount(addresses.ravel(), minlength=8)
    numpy.testing.assert_allclose(x.grad, reads[addresses] / shares[addresses])


def test_stride_array_views_the_whole_buffer():
    base = numpy.arange(12.0)
    x = base[4:8]
    y = _stride_array(x, (3,), (2,), 1)
    numpy.testing.assert_array_equal(y, [1, 3, 5])
    y[0] = -1
    assert base[1] == -1


def test_out_of_buffer_raises():
    x = numpy.arange(8.0)
    with pytest.raises(ValueError, match='out of buffer'):
        _stride_array(x, (3, 3), (-1, 2), 1)
    with pytest.raises(ValueError, match='out of buffer'):
        F.as_strided(x, (5,), (2,), 0)


def test_integer_gradient_is_refused():
    x = kusari.Variable(numpy.arange(4, dtype=numpy.int32))
    y = F.as_strided(x, (4,), (-1,), 3)
    y.grad = numpy.ones(4, numpy.int32)
    with pytest.raises(TypeError, match='only float gradients'):
        kusari.grad([y], [x])
