import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _ref(xs, length, padding):
    length = max(len(x) for x in xs) if length is None else length
    y = numpy.full((len(xs), length) + xs[0].shape[1:], padding, numpy.float64)
    for i, x in enumerate(xs):
        y[i, :len(x)] = x
    return y


class TestPadSequence(testing.FunctionTestCase):
    params = [{'lengths': [3, 1, 2], 'unit': (2,), 'length': None, 'padding': 0},
              {'lengths': [2, 2], 'unit': (), 'length': 4, 'padding': -1.5},
              {'lengths': [1, 3], 'unit': (1,), 'length': None, 'padding': 1}]

    def generate_inputs(self):
        return tuple(self.uniform(-1, 1, (n,) + self.unit) for n in self.lengths)

    def forward(self, inputs, device):
        return F.pad_sequence(inputs, self.length, self.padding),

    def forward_expected(self, inputs):
        return _ref(inputs, self.length, self.padding),


def test_empty_sequence():
    x = kusari.Variable(numpy.arange(2.0))
    e = kusari.Variable(numpy.zeros(0))
    y = F.pad_sequence([e, x], padding=7)
    numpy.testing.assert_array_equal(y.array, [[7, 7], [0, 1]])
    F.sum(y * y).backward()
    numpy.testing.assert_array_equal(x.grad, [0, 2])
    assert e.grad.shape == (0,)


def test_errors():
    a = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'x1.shape\[1:\] == x0.shape\[1:\]'):
        F.pad_sequence([a, numpy.zeros((2, 2), numpy.float32)])
    with pytest.raises(InvalidType, match=r'x1.dtype == x0.dtype'):
        F.pad_sequence([a, a.astype(numpy.float64)])
    with pytest.raises(InvalidType, match=r'x0.shape\[0\] <= length'):
        F.pad_sequence([a], length=1)
    with pytest.raises(InvalidType, match=r'x0.ndim > 0'):
        F.pad_sequence([numpy.zeros((), numpy.float32)])


@pytest.mark.parametrize('dtype, padding, expected', [
    (numpy.uint8, -1, 255), (numpy.uint16, -1, 65535), (numpy.uint32, -1, 2 ** 32 - 1),
    (numpy.int8, -1, -1), (numpy.bool_, -1, True), (numpy.float16, float('inf'), numpy.inf)])
def test_padding_is_cast_as_c_casts(dtype, padding, expected):
    """An out-of-range padding wraps (as NumPy 1's full did for Chainer)."""
    xs = [numpy.ones(2, dtype), numpy.ones(1, dtype)]
    y = F.pad_sequence(xs, length=3, padding=padding)
    assert y.dtype == dtype
    numpy.testing.assert_array_equal(y.array[0, 2:], numpy.array([expected], dtype))
    numpy.testing.assert_array_equal(y.array[1, 1:], numpy.array([expected] * 2, dtype))
