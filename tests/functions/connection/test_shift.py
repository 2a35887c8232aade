import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _reference(x, kh, kw, dy, dx):
    """The definition, one channel and pixel at a time."""
    _, c, h, w = x.shape
    n = kh * kw
    size = c // n
    y = numpy.zeros_like(x)
    for ch in range(c):
        g = min(ch // size, n - 1)
        g = n - 1 if g == (n - 1) // 2 else (n - 1) // 2 if g == n - 1 else g
        ky, kx = g // kw - kh // 2, g % kw - kw // 2
        for i in range(h):
            for j in range(w):
                si, sj = i - ky * dy, j - kx * dx
                if 0 <= si < h and 0 <= sj < w:
                    y[:, ch, i, j] = x[:, ch, si, sj]
    return y


class TestShift(testing.FunctionTestCase):
    params = [
        {'c': 9, 'ksize': 3, 'dilate': 1},
        {'c': 11, 'ksize': 3, 'dilate': 2},      # leftover channels stay in place
        {'c': 15, 'ksize': (3, 5), 'dilate': (1, 2)},
        {'c': 2, 'ksize': 1, 'dilate': 1},
        {'c': 9, 'ksize': 3, 'dilate': 7},       # shifted out entirely
    ]
    check_order3 = True

    def _pair(self, v):
        return v if isinstance(v, tuple) else (v, v)

    def generate_inputs(self):
        return self.uniform(-1, 1, (2, self.c, 4, 5)),

    def forward(self, inputs, device):
        return F.shift(*inputs, ksize=self.ksize, dilate=self.dilate),

    def forward_expected(self, inputs):
        return _reference(inputs[0], *self._pair(self.ksize), *self._pair(self.dilate)),


def test_shift_errors():
    x = numpy.ones((1, 9, 3, 3), numpy.float32)
    with pytest.raises(ValueError, match='kh must be odd'):
        F.shift(x, ksize=(2, 3))
    with pytest.raises(ValueError, match='kw must be odd'):
        F.shift(x, ksize=(3, 4))
    with pytest.raises(InvalidType, match=r'(?s)Shift.*x.shape\[1\] >= kh \* kw'):
        F.shift(numpy.ones((1, 8, 3, 3), numpy.float32))
    with pytest.raises(InvalidType, match=r'x.ndim == 4'):
        F.shift(numpy.ones((9, 3, 3), numpy.float32))
