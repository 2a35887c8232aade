import math

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.functions.math import erf as erf_module
from kusari.utils.type_check import InvalidType

_erfc = numpy.vectorize(math.erfc, otypes=[numpy.float64])


class TestErfc(testing.FunctionTestCase):
    params = [{'shape': (3, 4)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-2.5, 2.5, self.shape),

    def forward(self, inputs, device):
        return F.erfc(*inputs),

    def forward_expected(self, inputs):
        return _erfc(*inputs),


def test_reference_path_keeps_relative_precision_in_the_tail():
    x = numpy.concatenate([numpy.linspace(-6, 26, 6401), [0.0, 1.0, 1e-300]])
    got = erf_module.erfc_reference(x)
    want = _erfc(x)
    assert (numpy.abs(got - want) / want).max() < 5e-15
    numpy.testing.assert_array_equal(
        erf_module.erfc_reference([numpy.inf, -numpy.inf, 40.0, 1e308]), [0.0, 2.0, 0.0, 0.0])


@pytest.mark.parametrize('use_numba', [True, False])
def test_erfc_tail_in_float64(use_numba):
    x = numpy.array([5.0, 10.0, 20.0])
    with kusari.using_config('use_numba', use_numba):
        y = F.erfc(x).array
    numpy.testing.assert_allclose(y, _erfc(x), rtol=5e-15)


def test_erfc_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"erfc.*\n\nExpect: x.dtype.kind == 'f'"):
        F.erfc(numpy.arange(3))
