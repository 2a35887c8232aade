import sys

import numpy
import pytest
from scipy import special

import kusari.functions as F
from kusari import testing
from kusari.functions.math import _special
from kusari.utils.type_check import InvalidType


class TestErfcInv(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(0.1, 1.9, self.shape),

    def forward(self, inputs, device):
        return F.erfcinv(*inputs),

    def forward_expected(self, inputs):
        return special.erfcinv(*inputs),


def test_inverts_erfc():
    x = numpy.linspace(0.001, 1.999, 101)
    numpy.testing.assert_allclose(F.erfc(F.erfcinv(x)).array, x, rtol=1e-12)


def test_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"erfcinv[\s\S]*x\.dtype\.kind == 'f'"):
        F.erfcinv(numpy.arange(3))


def test_without_scipy_the_error_names_the_extra(monkeypatch):
    monkeypatch.setattr(_special, '_scipy_special', None)
    monkeypatch.setitem(sys.modules, 'scipy', None)
    monkeypatch.setitem(sys.modules, 'scipy.special', None)
    with pytest.raises(ImportError, match=r"F\.erfcinv needs SciPy.*kusari\[scipy\]"):
        F.erfcinv(numpy.array([0.5]))
