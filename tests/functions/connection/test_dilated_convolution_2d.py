import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def dilated_ref(x, W, b, dilate, pad):
    n, c, h, w = x.shape
    o, _, kh, kw = W.shape
    oh = h + 2 * pad - (kh - 1) * dilate
    ow = w + 2 * pad - (kw - 1) * dilate
    xp = numpy.zeros((n, c, h + 2 * pad, w + 2 * pad))
    xp[:, :, pad:pad + h, pad:pad + w] = x
    y = numpy.zeros((n, o, oh, ow))
    for i in range(oh):
        for j in range(ow):
            win = xp[:, :, i:i + (kh - 1) * dilate + 1:dilate, j:j + (kw - 1) * dilate + 1:dilate]
            y[:, :, i, j] = numpy.tensordot(win, W, ((1, 2, 3), (1, 2, 3)))
    return y + b[None, :, None, None]


class TestDilatedConvolution2D(testing.FunctionTestCase):
    params = [{'dilate': 2, 'pad': 1}, {'dilate': 3, 'pad': 2}]

    def generate_inputs(self):
        return (self.uniform(-1, 1, (2, 3, 6, 6)), self.uniform(-1, 1, (2, 3, 2, 2)),
                self.uniform(-1, 1, (2,)))

    def forward(self, inputs, device):
        return F.dilated_convolution_2d(*inputs, pad=self.pad, dilate=self.dilate),

    def forward_expected(self, inputs):
        return dilated_ref(*inputs, self.dilate, self.pad),


def test_channel_mismatch():
    with pytest.raises(InvalidType, match=r'x.shape\[1\] == W.shape\[1\]'):
        F.dilated_convolution_2d(numpy.ones((1, 3, 6, 6)), numpy.ones((2, 2, 2, 2)), dilate=2)
