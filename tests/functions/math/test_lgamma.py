import sys

import numpy
import pytest
from scipy import special

import kusari.functions as F
from kusari import testing
from kusari.functions.math import _special
from kusari.utils.type_check import InvalidType


class TestLGamma(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(0.2, 6.0, self.shape),

    def forward(self, inputs, device):
        return F.lgamma(*inputs),

    def forward_expected(self, inputs):
        return special.gammaln(*inputs),


def test_negative_arguments_give_log_of_the_absolute_value():
    x = numpy.array([-0.5, -1.5, -2.5])
    numpy.testing.assert_allclose(F.lgamma(x).array, special.gammaln(x), rtol=1e-14)
    # the derivative is digamma there too
    numpy.testing.assert_allclose(
        F.digamma(x).array, special.digamma(x), rtol=1e-13)


def test_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"lgamma[\s\S]*x\.dtype\.kind == 'f'"):
        F.lgamma(numpy.arange(3))


def test_without_scipy_the_error_names_the_extra(monkeypatch):
    monkeypatch.setattr(_special, '_scipy_special', None)
    monkeypatch.setitem(sys.modules, 'scipy', None)
    monkeypatch.setitem(sys.modules, 'scipy.special', None)
    with pytest.raises(ImportError, match=r"F\.lgamma needs SciPy.*kusari\[scipy\]"):
        F.lgamma(numpy.array([0.5]))
