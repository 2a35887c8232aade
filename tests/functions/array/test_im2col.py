import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _im2col_ref(x, k, s, p, cover_all, d):
    n, c, h, w = x.shape
    (kh, kw), (sy, sx), (ph, pw), (dy, dx) = k, s, p, d

    def out(size, k, s, p, d):
        dk = (k - 1) * d + 1
        return (size + 2 * p - dk + (s - 1 if cover_all else 0)) // s + 1
    oh, ow = out(h, kh, sy, ph, dy), out(w, kw, sx, pw, dx)
    y = numpy.zeros((n, c, kh, kw, oh, ow))
    for i in range(kh):
        for j in range(kw):
            for a in range(oh):
                for b in range(ow):
                    yy, xx = a * sy - ph + i * dy, b * sx - pw + j * dx
                    if 0 <= yy < h and 0 <= xx < w:
                        y[:, :, i, j, a, b] = x[:, :, yy, xx]
    return y.reshape(n, c * kh * kw, oh, ow)


class TestIm2Col(testing.FunctionTestCase):
    params = [
        {'k': (2, 2), 's': (1, 1), 'p': (0, 0), 'cover_all': False, 'd': (1, 1)},
        {'k': (3, 2), 's': (2, 1), 'p': (1, 0), 'cover_all': True, 'd': (1, 1)},
        {'k': (2, 2), 's': (1, 2), 'p': (1, 1), 'cover_all': False, 'd': (2, 1)},
    ]
    check_order3 = True   # Im2ColGrad is a Grad node

    def generate_inputs(self):
        return self.uniform(-1, 1, (2, 2, 4, 5)),

    def forward(self, inputs, device):
        return F.im2col(inputs[0], self.k, self.s, self.p, self.cover_all, self.d),

    def forward_expected(self, inputs):
        return _im2col_ref(inputs[0], self.k, self.s, self.p, self.cover_all, self.d),


def test_int_arguments():
    x = numpy.random.rand(1, 2, 5, 5)
    y = F.im2col(x, 3, stride=2, pad=1)
    numpy.testing.assert_array_equal(
        y.array, _im2col_ref(x, (3, 3), (2, 2), (1, 1), False, (1, 1)))


def test_errors():
    with pytest.raises(InvalidType, match=r'x.ndim == 4'):
        F.im2col(numpy.zeros((2, 3, 3), numpy.float32), 2)
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.im2col(numpy.zeros((1, 1, 3, 3), numpy.int32), 2)
    with pytest.raises(InvalidType, match=r'positive'):
        F.im2col(numpy.zeros((1, 1, 3, 3), numpy.float32), 4)
