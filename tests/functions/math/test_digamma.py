import sys

import numpy
import pytest
from scipy import special

import kusari.functions as F
from kusari import testing
from kusari.functions.math import _special
from kusari.utils.type_check import InvalidType


class TestDiGamma(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(0.2, 6.0, self.shape),

    def forward(self, inputs, device):
        return F.digamma(*inputs),

    def forward_expected(self, inputs):
        return special.digamma(*inputs),


def test_digamma_of_one_is_minus_euler_gamma():
    numpy.testing.assert_allclose(F.digamma(numpy.array(1.0)).array, -numpy.euler_gamma,
                                  rtol=1e-15)


def test_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"digamma[\s\S]*x\.dtype\.kind == 'f'"):
        F.digamma(numpy.arange(3))


def test_without_scipy_the_error_names_the_extra(monkeypatch):
    monkeypatch.setattr(_special, '_scipy_special', None)
    monkeypatch.setitem(sys.modules, 'scipy', None)
    monkeypatch.setitem(sys.modules, 'scipy.special', None)
    with pytest.raises(ImportError, match=r"F\.digamma needs SciPy.*kusari\[scipy\]"):
        F.digamma(numpy.array([0.5]))
