import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.functions.connection.local_convolution_2d import LocalConvolution2DFunction
from kusari.utils.type_check import InvalidType


def local_conv_ref(x, W, b, stride):
    sy, sx = (stride, stride) if isinstance(stride, int) else stride
    out_c, out_h, out_w, c, kh, kw = W.shape
    y = numpy.zeros((x.shape[0], out_c, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            patch = x[:, :, i * sy:i * sy + kh, j * sx:j * sx + kw]
            y[:, :, i, j] = numpy.einsum('nckl,ockl->no', patch, W[:, i, j])
    return y if b is None else y + b


class TestLocalConvolution2D(testing.FunctionTestCase):
    params = [{'stride': 1, 'nobias': False, 'out': (2, 3)},
              {'stride': (2, 1), 'nobias': True, 'out': (2, 3)},
              {'stride': 2, 'nobias': False, 'out': (1, 2)}]   # fewer outputs than fit

    def generate_inputs(self):
        w = self.uniform(-1, 1, (4, *self.out, 2, 3, 2))
        x = self.uniform(-1, 1, (2, 2, 5, 4))
        if self.nobias:
            return x, w
        return x, w, self.uniform(-1, 1, (4, *self.out))

    def forward(self, inputs, device):
        return F.local_convolution_2d(*inputs, stride=self.stride),

    def forward_expected(self, inputs):
        x, w = inputs[:2]
        return local_conv_ref(x, w, inputs[2] if len(inputs) == 3 else None, self.stride),


def test_shared_filters_are_a_convolution():
    rng = numpy.random.default_rng(0)
    x = rng.uniform(-1, 1, (2, 3, 6, 5)).astype(numpy.float32)
    w = rng.uniform(-1, 1, (4, 3, 3, 2)).astype(numpy.float32)
    wl = numpy.broadcast_to(w[:, None, None], (4, 4, 4, 3, 3, 2)).copy()
    numpy.testing.assert_allclose(F.local_convolution_2d(x, wl).array,
                                  F.convolution_2d(x, w).array, rtol=1e-5, atol=1e-5)


def test_mixed_dtypes_keep_each_dtype():
    import kusari
    x = kusari.Variable(numpy.ones((1, 1, 3, 3), numpy.float16))
    w = kusari.Variable(numpy.ones((2, 2, 2, 1, 2, 2), numpy.float64))
    y = LocalConvolution2DFunction(1).apply((x, w))[0]
    assert y.dtype == numpy.float16
    numpy.testing.assert_array_equal(y.array, numpy.full((1, 2, 2, 2), 4))
    y.grad = numpy.ones(y.shape, numpy.float16)
    y.backward()
    assert x.grad.dtype == numpy.float16 and w.grad.dtype == numpy.float64


def test_channel_mismatch():
    with pytest.raises(InvalidType, match=r'x.shape\[1\] == W.shape\[3\]'):
        F.local_convolution_2d(numpy.ones((1, 2, 4, 4)), numpy.ones((1, 2, 2, 3, 3, 3)))


def test_too_many_outputs():
    with pytest.raises(InvalidType, match='W.shape'):
        F.local_convolution_2d(numpy.ones((1, 1, 4, 4)), numpy.ones((1, 3, 3, 1, 3, 3)))


def test_bias_shape():
    with pytest.raises(InvalidType, match=r'b.shape == W.shape\[:3\]'):
        F.local_convolution_2d(numpy.ones((1, 1, 4, 4)), numpy.ones((1, 2, 2, 1, 3, 3)),
                               numpy.ones((1, 2)))
