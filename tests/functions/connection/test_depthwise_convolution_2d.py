import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def depthwise_ref(x, W, b, stride, pad):
    n, c, h, w = x.shape
    m, _, kh, kw = W.shape
    oh = (h + 2 * pad - kh) // stride + 1
    ow = (w + 2 * pad - kw) // stride + 1
    xp = numpy.zeros((n, c, h + 2 * pad, w + 2 * pad))
    xp[:, :, pad:pad + h, pad:pad + w] = x
    y = numpy.zeros((n, c * m, oh, ow))
    for ci in range(c):
        for mi in range(m):
            for i in range(oh):
                for j in range(ow):
                    win = xp[:, ci, i * stride:i * stride + kh, j * stride:j * stride + kw]
                    y[:, ci * m + mi, i, j] = (win * W[mi, ci]).sum(axis=(1, 2))
    if b is not None:
        y += b[None, :, None, None]
    return y


class TestDepthwiseConvolution2D(testing.FunctionTestCase):
    params = [{'stride': 1, 'pad': 1, 'nobias': False}, {'stride': 2, 'pad': 0, 'nobias': True}]

    def generate_inputs(self):
        x = self.uniform(-1, 1, (2, 3, 5, 5))
        W = self.uniform(-1, 1, (2, 3, 3, 3))
        return (x, W) if self.nobias else (x, W, self.uniform(-1, 1, (6,)))

    def forward(self, inputs, device):
        return F.depthwise_convolution_2d(*inputs, stride=self.stride, pad=self.pad),

    def forward_expected(self, inputs):
        x, W = inputs[:2]
        return depthwise_ref(x, W, inputs[2] if len(inputs) == 3 else None, self.stride,
                             self.pad),


def test_channel_mismatch():
    with pytest.raises(InvalidType, match=r'x.shape\[1\] == W.shape\[1\]'):
        F.depthwise_convolution_2d(numpy.ones((1, 3, 5, 5)), numpy.ones((2, 2, 3, 3)))


def test_bias_shape():
    with pytest.raises(InvalidType, match=r'b.shape == \(W.shape\[0\] \* W.shape\[1\],\)'):
        F.depthwise_convolution_2d(numpy.ones((1, 3, 5, 5)), numpy.ones((2, 3, 3, 3)),
                                   numpy.ones(3))
