import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestExp(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.exp(*inputs),

    def forward_expected(self, inputs):
        return numpy.exp(*inputs),


class TestLog(testing.FunctionTestCase):
    params = testing.product({'shape': [(3, 2), ()], 'name': ['log', 'log2', 'log10']})

    def generate_inputs(self):
        return self.uniform(0.5, 2, self.shape),

    def forward(self, inputs, device):
        return getattr(F, self.name)(*inputs),

    def forward_expected(self, inputs):
        return getattr(numpy, self.name)(*inputs),


@pytest.mark.parametrize('func', [F.exp, F.log, F.log2, F.log10])
def test_integer_input_is_refused(func):
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        func(numpy.arange(3))


@pytest.mark.parametrize('name', ['log2', 'log10'])
@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_log_to_base_is_the_ufunc_bit_for_bit(name, dtype):
    """log2 and log10 are NumPy's own ufuncs (as Chainer's), not log(x) / log(b): equal to
    the last bit in every dtype."""
    x = numpy.random.default_rng(0).uniform(0.5, 1, 64).astype(dtype)
    y = getattr(F, name)(x)
    assert y.dtype == dtype
    numpy.testing.assert_array_equal(y.array, getattr(numpy, name)(x))


def test_labels_are_chainers():
    # function hooks, debug printing and computational graphs show these names
    x = numpy.array([0.25, 0.5], numpy.float32)   # inside every function's domain
    got = {name: getattr(F, name)(x).creator.label
           for name in ('exp', 'log', 'log2', 'log10', 'sqrt', 'square', 'arctanh')}
    assert got == {'exp': 'exp', 'log': 'log', 'log2': 'log2', 'log10': 'log10',
                   'sqrt': 'sqrt', 'square': 'square', 'arctanh': 'Arctanh'}
    real = numpy.ones((2, 4), numpy.float32)
    assert F.fft((real, real))[0].creator.label == 'FFT'
    assert F.ifft((real, real))[0].creator.label == 'FFT'
