import math

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.functions.math import erf as erf_module
from kusari.utils.type_check import InvalidType

_erf = numpy.vectorize(math.erf, otypes=[numpy.float64])


class TestErf(testing.FunctionTestCase):
    params = [{'shape': (3, 4)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-2.5, 2.5, self.shape),

    def forward(self, inputs, device):
        return F.erf(*inputs),

    def forward_expected(self, inputs):
        return _erf(*inputs),


def test_reference_path_is_accurate_to_float64_precision():
    x = numpy.concatenate([numpy.linspace(-7, 7, 4001), [0.0, -0.0, 1e-300, 1.0, -1.0]])
    got = erf_module.erf_reference(x)
    want = _erf(x)
    rel = numpy.abs(got - want) / numpy.maximum(numpy.abs(want), 1e-300)
    assert rel.max() < 2e-15
    numpy.testing.assert_array_equal(erf_module.erf_reference([numpy.inf, -numpy.inf]),
                                     [1.0, -1.0])
    assert numpy.isnan(erf_module.erf_reference([numpy.nan])).all()


@pytest.mark.parametrize('use_numba', [True, False])
def test_erf_float32_and_special_values(use_numba):
    x = numpy.array([-numpy.inf, -3.0, 0.0, 0.5, numpy.inf], numpy.float32)
    with kusari.using_config('use_numba', use_numba):
        y = F.erf(x)
    assert y.dtype == numpy.float32
    numpy.testing.assert_allclose(y.array, _erf(x.astype(numpy.float64)), rtol=1e-7)


def test_erf_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"erf.*\n\nExpect: x.dtype.kind == 'f'"):
        F.erf(numpy.arange(3))
