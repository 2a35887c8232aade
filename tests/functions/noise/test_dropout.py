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


class TestDropoutWithMask(testing.FunctionTestCase):
    params = [{'shape': (3, 4), 'ratio': 0.5}, {'shape': (), 'ratio': 0.2}]

    def generate_inputs(self):
        keep = self.rng.random(self.shape) >= self.ratio
        self.mask = keep / (1 - self.ratio)
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        mask = device.send(self.mask.astype(inputs[0].dtype))
        return F.dropout(inputs[0], self.ratio, mask=mask),

    def forward_expected(self, inputs):
        return inputs[0] * self.mask,


def test_random_mask_follows_numpy_seed_and_is_returned():
    x = numpy.random.rand(50, 40).astype(numpy.float32)
    numpy.random.seed(3)
    y, mask = F.dropout(x, 0.25, return_mask=True)
    numpy.random.seed(3)
    keep = numpy.random.rand(50, 40) >= 0.25
    numpy.testing.assert_array_equal(mask, keep * numpy.float32(1 / 0.75))
    assert mask.dtype == numpy.float32 and y.dtype == numpy.float32
    numpy.testing.assert_allclose(y.array, x * mask)
    assert 0.65 < keep.mean() < 0.85
    # the returned mask reproduces the same output, and the gradient is the mask
    xv = kusari.Variable(x)
    y2 = F.dropout(xv, 0.25, mask=mask)
    numpy.testing.assert_array_equal(y2.array, y.array)
    F.sum(y2).backward()
    numpy.testing.assert_array_equal(xv.grad, mask)


def test_test_mode_is_identity():
    x = numpy.random.rand(3, 2).astype(numpy.float32)
    with kusari.using_config('train', False):
        y, mask = F.dropout(x, 0.9, return_mask=True)
    assert mask is None
    numpy.testing.assert_array_equal(y.array, x)


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(ValueError, match=r'dropout_ratio must be in the range \[0, 1\)'):
        F.dropout(x, 1.0)
    with pytest.raises(ValueError, match='train argument is not supported anymore'):
        F.dropout(x, 0.5, train=True)
    with pytest.raises(TypeError, match="unexpected keyword argument.*'foo'"):
        F.dropout(x, 0.5, foo=1)
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.dropout(x.astype(numpy.int32))
    with pytest.raises(InvalidType, match=r'mask.shape == x.shape'):
        F.dropout(x, mask=numpy.ones((3, 2), numpy.float32))


@pytest.mark.gpu
def test_gpu_numpy_mask_and_drawn_mask():
    cupy = _cupy_or_skip()
    x = kusari.Variable(cupy.asarray(numpy.random.rand(3, 4)))
    mask = (numpy.random.rand(3, 4) >= 0.5) * 2.0
    # a NumPy mask follows x to the GPU; the returned mask and the gradient are there too
    y, m = F.dropout(x, 0.5, mask=mask, return_mask=True)
    assert isinstance(y.array, cupy.ndarray) and isinstance(m, cupy.ndarray)
    numpy.testing.assert_array_equal(y.array.get(), x.array.get() * mask)
    gx, = kusari.grad([y], [x], [cupy.ones((3, 4))])
    numpy.testing.assert_array_equal(gx.array.get(), mask)
    # a mask drawn from CuPy's generator
    y, m = F.dropout(x, 0.25, return_mask=True)
    assert isinstance(m, cupy.ndarray) and m.dtype == x.dtype
    assert set(numpy.unique(m.get())) <= {0.0, 1 / 0.75}
    numpy.testing.assert_allclose(y.array.get(), x.array.get() * m.get(), rtol=1e-15)
