import sys

import numpy
import pytest
from scipy import special

import kusari
import kusari.functions as F
from kusari import testing
from kusari.functions.math import _special
from kusari.utils.type_check import InvalidType


class TestPolyGamma(testing.FunctionTestCase):
    params = testing.product({'shape': [(3, 2), ()], 'order': [0, 1, 3]})
    check_order3 = True

    def generate_inputs(self):
        n = numpy.full(self.shape, self.order, numpy.int32)
        return n, self.uniform(0.5, 6.0, self.shape)

    def forward(self, inputs, device):
        return F.polygamma(*inputs),

    def forward_expected(self, inputs):
        return special.polygamma(*inputs),


class TestPolyGammaBroadcastOrder(testing.FunctionTestCase):
    """An order array that broadcasts the input: the gradient is summed back to x's shape."""
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return numpy.array([[0], [1], [2]], numpy.int64), self.uniform(0.5, 4.0, (4,))

    def forward(self, inputs, device):
        return F.polygamma(*inputs),

    def forward_expected(self, inputs):
        return special.polygamma(*inputs),


def test_python_int_order_and_no_gradient_for_the_order():
    x = kusari.Variable(numpy.array([1.0, 2.0]))
    y = F.polygamma(2, x)
    numpy.testing.assert_allclose(y.array, special.polygamma(2, x.array), rtol=1e-14)
    n = kusari.Variable(numpy.array([1, 2]))
    y = F.polygamma(n, x)
    gn, gx = kusari.grad([y], [n, x], [numpy.ones(2)])
    assert gn is None
    numpy.testing.assert_allclose(gx.array, special.polygamma([2, 3], x.array), rtol=1e-14)


def test_float_order_is_refused():
    with pytest.raises(InvalidType, match=r"polygamma[\s\S]*n\.dtype\.kind == 'i'"):
        F.polygamma(numpy.array([1.0]), numpy.array([1.0]))


def test_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"polygamma[\s\S]*x\.dtype\.kind == 'f'"):
        F.polygamma(numpy.array([1]), numpy.array([1]))


def test_without_scipy_the_error_names_the_extra(monkeypatch):
    monkeypatch.setattr(_special, '_scipy_special', None)
    monkeypatch.setitem(sys.modules, 'scipy', None)
    monkeypatch.setitem(sys.modules, 'scipy.special', None)
    with pytest.raises(ImportError, match=r"F\.polygamma needs SciPy.*kusari\[scipy\]"):
        F.polygamma(1, numpy.array([0.5]))
