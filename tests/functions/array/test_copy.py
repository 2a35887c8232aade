"""copy."""
import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import Variable, backend, testing


def _cupy_or_skip():
    """CuPy, or skip the test where it or a CUDA device is missing."""
    cupy = pytest.importorskip('cupy')
    try:
        if cupy.cuda.runtime.getDeviceCount() < 1:
            pytest.skip('no CUDA device')
    except cupy.cuda.runtime.CUDARuntimeError:
        pytest.skip('no CUDA device')
    return cupy


class TestCopy(testing.FunctionTestCase):
    params = [{'dst': -1}, {'dst': '@numpy'}, {'dst': backend.CpuDevice()}]

    def generate_inputs(self):
        return self.uniform(-1, 1, (3, 2)),

    def forward(self, inputs, device):
        y = F.copy(inputs[0], self.dst)
        assert y.device == backend.CpuDevice()
        return y,

    def forward_expected(self, inputs):
        return inputs[0],

    def test_gpu(self, param):
        """``dst`` is the CPU: a GPU input is copied there (equal values) and the gradient goes
        back to the GPU; a CPU input copied to the GPU does the reverse."""
        cupy = _cupy_or_skip()
        inputs, gys = self._setup(param)
        a, gy = inputs[0], gys[0]
        x = Variable(cupy.asarray(a))
        y = F.copy(x, self.dst)
        assert isinstance(y.array, numpy.ndarray) and y.device == backend.CpuDevice()
        numpy.testing.assert_array_equal(y.array, a)
        gx, = kusari.grad([y], [x], [gy])
        assert isinstance(gx.array, cupy.ndarray) and gx.device == x.device
        numpy.testing.assert_array_equal(gx.array.get(), gy)

        x = Variable(a)
        y = F.copy(x, '@cupy:0')
        assert isinstance(y.array, cupy.ndarray) and y.device == backend.GpuDevice(0)
        numpy.testing.assert_array_equal(y.array.get(), a)
        gx, = kusari.grad([y], [x], [cupy.asarray(gy)])
        assert isinstance(gx.array, numpy.ndarray)
        numpy.testing.assert_array_equal(gx.array, gy)


def test_copy_of_an_array():
    a = numpy.arange(3.0)
    y = F.copy(a, -1)
    numpy.testing.assert_array_equal(y.array, a)


@pytest.mark.parametrize('dst, error', [('@nowhere', ValueError), (None, TypeError),
                                        ('cpu', RuntimeError)])
def test_copy_bad_device(dst, error):
    with pytest.raises(error, match='invalid device specifier'):
        F.copy(Variable(numpy.ones(2)), dst)


def test_copy_to_dummy_device_is_the_cpu():
    from kusari.backends import _cpu, cuda
    x = kusari.Variable(numpy.arange(6.).reshape(2, 3))
    y = F.copy(x, cuda.DummyDevice)
    assert isinstance(y.device, _cpu.CpuDevice)
    numpy.testing.assert_array_equal(y.array, x.array)
    y.grad = numpy.ones((2, 3))
    y.backward()
    numpy.testing.assert_array_equal(x.grad, numpy.ones((2, 3)))
