import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _away_from_zero(rng, shape, low=0.1, high=1.0):
    return (rng.uniform(low, high, shape) * rng.choice([-1.0, 1.0], shape)).astype(numpy.float64)


class TestReLU(testing.FunctionTestCase):
    # the kernel path runs the kernels (forward and ReLUGrad2) on these small arrays
    params = [{'shape': (3, 2)}, {'shape': ()}, {'shape': (4, 5, 6)}]
    check_order3 = True

    def generate_inputs(self):
        return _away_from_zero(self.rng, self.shape),

    def forward(self, inputs, device):
        return F.relu(*inputs),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.maximum(x, 0),


def test_relu_gradient_at_zero_is_zero():
    x = kusari.Variable(numpy.array([0.0, 1.0, -1.0], numpy.float32))
    y = F.sum(F.relu(x))
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [0.0, 1.0, 0.0])


def test_relu_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"ReLU.*\n\nExpect: x.dtype.kind == 'f'"):
        F.relu(numpy.arange(3))


@pytest.mark.filterwarnings('ignore:invalid value encountered in multiply:RuntimeWarning')
@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
def test_relu_kernels_match_numpy_on_special_values(dtype):
    from kusari.functions.activation import relu as relu_module
    x = numpy.array([numpy.nan, numpy.inf, -numpy.inf, -0.0, 0.0, 2.5, -3.0] * 4000, dtype)
    gy = numpy.array([1.0, numpy.nan, numpy.inf, 2.0, -1.0, numpy.inf, numpy.nan] * 4000, dtype)
    assert x.size >= relu_module.NUMBA_MIN_SIZE
    out = {}
    for flag in (True, False):
        with kusari.using_config('use_numba', flag):
            xv = kusari.Variable(x)
            y = F.relu(xv)
            y.grad = gy
            y.backward()
            out[flag] = y.array, xv.grad
    assert relu_module._relu_kernel.dispatcher.signatures    # the kernels ran
    assert relu_module._relu_grad_kernel.dispatcher.signatures
    for a, b in zip(out[True], out[False]):
        assert a.dtype == dtype
        numpy.testing.assert_array_equal(a, b)
    numpy.testing.assert_array_equal(out[True][0], numpy.maximum(x, 0))


def test_relu_strided_input_takes_numpy_path():
    x = numpy.linspace(-1, 1, 2 * 40000, dtype=numpy.float32).reshape(2, -1)[:, ::2]
    numpy.testing.assert_array_equal(F.relu(x).array, numpy.maximum(x, 0))
