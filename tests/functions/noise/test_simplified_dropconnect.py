import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _cupy_or_skip():
    """CuPy, or skip the test where it or a CUDA device is missing."""
    cupy = pytest.importorskip('cupy')
    try:
        if cupy.cuda.runtime.getDeviceCount() < 1:
            pytest.skip('no CUDA device')
    except cupy.cuda.runtime.CUDARuntimeError:
        pytest.skip('no CUDA device')
    return cupy


class TestSimplifiedDropconnect(testing.FunctionTestCase):
    params = testing.product({'batchwise': [True, False], 'bias': [True, False],
                              'x_shape': [(3, 4), (3, 2, 2)]})
    check_order3 = True

    def generate_inputs(self):
        n = self.x_shape[0]
        mshape = (n, 2, 4) if self.batchwise else (2, 4)
        self.mask = self.rng.random(mshape) >= 0.4
        xs = (self.uniform(-1, 1, self.x_shape), self.uniform(-1, 1, (2, 4)))
        return xs + ((self.uniform(-1, 1, (2,)),) if self.bias else ())

    def forward(self, inputs, device):
        b = inputs[2] if self.bias else None
        return F.simplified_dropconnect(inputs[0], inputs[1], b, ratio=0.4,
                                        mask=device.send(self.mask),
                                        use_batchwise_mask=self.batchwise),

    def forward_expected(self, inputs):
        x = inputs[0].reshape(len(inputs[0]), -1)
        w = inputs[1] * self.mask / 0.6
        y = numpy.einsum('noi,ni->no', w, x) if self.batchwise else x @ w.T
        return y + inputs[2] if self.bias else y,


def test_random_mask_and_test_mode():
    x = numpy.random.rand(4, 3).astype(numpy.float32)
    w = numpy.random.rand(2, 3).astype(numpy.float32)
    numpy.random.seed(1)
    y = F.simplified_dropconnect(x, w, ratio=0.5)
    numpy.random.seed(1)
    mask = numpy.random.rand(4, 2, 3) >= 0.5
    numpy.testing.assert_allclose(y.array, numpy.einsum('noi,ni->no', w * mask * 2, x),
                                  rtol=1e-5)
    y = F.simplified_dropconnect(x, w, ratio=0.5, train=False)
    numpy.testing.assert_allclose(y.array, x @ w.T, rtol=1e-5)


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    w = numpy.zeros((4, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'prod\(x.shape\[1:\]\) == W.shape\[1\]'):
        F.simplified_dropconnect(x, numpy.zeros((4, 2), numpy.float32))
    with pytest.raises(InvalidType, match=r'x.ndim >= 2 and W.ndim == 2'):
        F.simplified_dropconnect(x[0], w)
    with pytest.raises(InvalidType, match=r'b.shape\[0\] == W.shape\[0\]'):
        F.simplified_dropconnect(x, w, numpy.zeros(3, numpy.float32))
    with pytest.raises(InvalidType, match=r'mask.shape == \(2, 4, 3\)'):
        F.simplified_dropconnect(x, w, mask=numpy.ones((4, 3), bool))
    with pytest.raises(InvalidType, match=r"W.dtype.kind == 'f'"):
        F.simplified_dropconnect(x, w.astype(numpy.int32))


@pytest.mark.gpu
@pytest.mark.parametrize('batchwise', [True, False])
def test_gpu_numpy_mask(batchwise):
    # a NumPy mask follows x to the GPU (forward and backward)
    cupy = _cupy_or_skip()
    x, w = numpy.random.rand(4, 3), numpy.random.rand(2, 3)
    mask = numpy.random.rand(*((4, 2, 3) if batchwise else (2, 3))) >= 0.5
    xv, wv = kusari.Variable(cupy.asarray(x)), kusari.Variable(cupy.asarray(w))
    y = F.simplified_dropconnect(xv, wv, ratio=0.5, mask=mask, use_batchwise_mask=batchwise)
    assert isinstance(y.array, cupy.ndarray)
    wm = w * mask * 2
    want = numpy.einsum('noi,ni->no', wm, x) if batchwise else x @ wm.T
    numpy.testing.assert_allclose(y.array.get(), want, rtol=1e-12)
    gx, = kusari.grad([y], [xv], [cupy.ones((4, 2))])
    want_gx = wm.sum(axis=1) if batchwise else numpy.broadcast_to(wm.sum(axis=0), (4, 3))
    numpy.testing.assert_allclose(gx.array.get(), want_gx, rtol=1e-12)


@pytest.mark.parametrize('batchwise', [True, False])
def test_mixed_dtypes_keep_each_gradient_dtype(batchwise):
    x = kusari.Variable(numpy.ones((2, 3), numpy.float16))
    w = kusari.Variable(numpy.full((4, 3), 0.5))
    mask = numpy.ones((2, 4, 3) if batchwise else (4, 3), bool)
    y = F.simplified_dropconnect(x, w, ratio=0.5, mask=mask, use_batchwise_mask=batchwise)
    assert y.dtype == numpy.float16
    y.grad = numpy.ones(y.shape, numpy.float16)
    y.backward()
    assert x.grad.dtype == numpy.float16 and w.grad.dtype == numpy.float64
    numpy.testing.assert_allclose(x.grad, numpy.full((2, 3), 4.0))
    numpy.testing.assert_allclose(w.grad, numpy.full((4, 3), 4.0))
