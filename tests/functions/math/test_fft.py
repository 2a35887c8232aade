import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestFFT(testing.FunctionTestCase):
    params = testing.product({'shape': [(4,), (2, 5), (2, 1, 3)], 'method': ['fft', 'ifft']})
    check_order3 = True
    tolerances = {('forward', 'float16'): dict(atol=1e-2, rtol=1e-2)}

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape), self.uniform(-1, 1, self.shape)

    def forward(self, inputs, device):
        return getattr(F, self.method)(inputs)

    def forward_expected(self, inputs):
        real, imag = inputs
        y = getattr(numpy.fft, self.method)(real + 1j * imag)
        return y.real, y.imag


def test_fft_then_ifft_is_identity():
    rng = numpy.random.default_rng(0)
    r, i = rng.standard_normal((2, 6)), rng.standard_normal((2, 6))
    yr, yi = F.fft((r, i))
    zr, zi = F.ifft((yr, yi))
    numpy.testing.assert_allclose(zr.array, r, atol=1e-12)
    numpy.testing.assert_allclose(zi.array, i, atol=1e-12)


def test_fft_gradient_of_one_output_only():
    import kusari
    r = kusari.Variable(numpy.arange(4.0))
    i = kusari.Variable(numpy.zeros(4))
    yr, _ = F.fft((r, i))
    F.sum(yr).backward()
    # d sum(Re y) / d x_n = sum_k cos(2 pi k n / N) = N [n == 0]
    numpy.testing.assert_allclose(r.grad, [4, 0, 0, 0], atol=1e-12)


def test_fft_errors():
    with pytest.raises(InvalidType, match=r'(?s)FFT.*real.shape == imag.shape'):
        F.fft((numpy.ones(3), numpy.ones(4)))
    with pytest.raises(InvalidType, match=r'(?s)FFT.*real.dtype == imag.dtype'):
        F.ifft((numpy.ones(3), numpy.ones(3, numpy.float32)))
    with pytest.raises(InvalidType, match=r'real.ndim > 0'):
        F.fft((numpy.array(1.0), numpy.array(0.0)))
    with pytest.raises(InvalidType, match=r"real.dtype.kind == 'f'"):
        F.fft((numpy.ones(3, numpy.int32), numpy.ones(3, numpy.int32)))
