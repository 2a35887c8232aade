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


class TestWhere(testing.FunctionTestCase):
    params = [{'c_shape': (3, 2), 'x_shape': (3, 2), 'y_shape': (3, 2)},
              {'c_shape': (3, 1), 'x_shape': (1, 2), 'y_shape': (3, 2)},
              {'c_shape': (), 'x_shape': (2,), 'y_shape': ()}]

    def generate_inputs(self):
        self.c = self.rng.random(self.c_shape) > 0.5
        return self.uniform(-1, 1, self.x_shape), self.uniform(-1, 1, self.y_shape)

    def forward(self, inputs, device):
        return F.where(device.send(self.c), *inputs),

    def forward_expected(self, inputs):
        return numpy.where(self.c, *inputs),


def test_scalar_operand_and_variable_condition():
    c = kusari.Variable(numpy.array([True, False]))
    x = numpy.array([1.0, 2.0], numpy.float32)
    y = F.where(c, x, 0.0)
    assert y.dtype == numpy.float32
    numpy.testing.assert_array_equal(y.array, [1, 0])


def test_errors():
    x = numpy.zeros(2, numpy.float32)
    with pytest.raises(InvalidType, match=r'condition.dtype == bool'):
        F.where(numpy.zeros(2, numpy.int32), x, x)
    with pytest.raises(InvalidType, match=r'x.dtype == y.dtype'):
        F.where(numpy.zeros(2, bool), x, x.astype(numpy.float64))
    with pytest.raises(InvalidType, match=r'can be broadcast'):
        F.where(numpy.zeros(3, bool), x, x)


@pytest.mark.gpu
def test_numpy_condition_with_gpu_operands():
    # the condition follows the operands to the GPU, in the forward and the backward
    cupy = _cupy_or_skip()
    c = numpy.array([[True], [False]])
    x = kusari.Variable(cupy.asarray([[1.0, 2.0]]))
    y = kusari.Variable(cupy.asarray([[3.0, 4.0], [5.0, 6.0]]))
    z = F.where(c, x, y)
    assert isinstance(z.array, cupy.ndarray)
    numpy.testing.assert_array_equal(z.array.get(), [[1, 2], [5, 6]])
    gx, gy = kusari.grad([z], [x, y], [cupy.ones((2, 2))])
    numpy.testing.assert_array_equal(gx.array.get(), [[1, 1]])
    numpy.testing.assert_array_equal(gy.array.get(), [[0, 0], [1, 1]])
