import sys

import numpy
import pytest
from scipy import special

import kusari.functions as F
from kusari import testing
from kusari.functions.math import _special
from kusari.utils.type_check import InvalidType


class TestErfInv(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-0.9, 0.9, self.shape),

    def forward(self, inputs, device):
        return F.erfinv(*inputs),

    def forward_expected(self, inputs):
        return special.erfinv(*inputs),


def test_inverts_erf_and_keeps_the_ends():
    x = numpy.linspace(-0.999, 0.999, 101)
    numpy.testing.assert_allclose(F.erf(F.erfinv(x)).array, x, rtol=1e-13, atol=1e-15)
    y = F.erfinv(numpy.array([-1.0, 1.0], numpy.float32)).array
    assert y.dtype == numpy.float32
    numpy.testing.assert_array_equal(y, [-numpy.inf, numpy.inf])


def test_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"erfinv[\s\S]*x\.dtype\.kind == 'f'"):
        F.erfinv(numpy.arange(3))


def test_without_scipy_the_error_names_the_extra(monkeypatch):
    monkeypatch.setattr(_special, '_scipy_special', None)
    monkeypatch.setitem(sys.modules, 'scipy', None)
    monkeypatch.setitem(sys.modules, 'scipy.special', None)
    with pytest.raises(ImportError, match=r"F\.erfinv needs SciPy.*kusari\[scipy\]"):
        F.erfinv(numpy.array([0.5]))
