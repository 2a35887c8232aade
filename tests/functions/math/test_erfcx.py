import sys

import numpy
import pytest
from scipy import special

import kusari.functions as F
from kusari import testing
from kusari.functions.math import _special
from kusari.utils.type_check import InvalidType


class TestErfcx(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-2.0, 4.0, self.shape),

    def forward(self, inputs, device):
        return F.erfcx(*inputs),

    def forward_expected(self, inputs):
        return special.erfcx(*inputs),


def test_finite_where_erfc_underflows():
    x = numpy.array([30.0, 1e3])
    numpy.testing.assert_allclose(F.erfcx(x).array, special.erfcx(x), rtol=1e-14)


def test_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"erfcx[\s\S]*x\.dtype\.kind == 'f'"):
        F.erfcx(numpy.arange(3))


def test_without_scipy_the_error_names_the_extra(monkeypatch):
    monkeypatch.setattr(_special, '_scipy_special', None)
    monkeypatch.setitem(sys.modules, 'scipy', None)
    monkeypatch.setitem(sys.modules, 'scipy.special', None)
    with pytest.raises(ImportError, match=r"F\.erfcx needs SciPy.*kusari\[scipy\]"):
        F.erfcx(numpy.array([0.5]))
