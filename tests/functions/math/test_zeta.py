import sys

import numpy
import pytest
from scipy import special

import kusari
import kusari.functions as F
from kusari import testing
from kusari.functions.math import _special
from kusari.utils.type_check import InvalidType


class TestZeta(testing.FunctionTestCase):
    params = testing.product({'shape': [(3, 2), ()], 'x_kind': ['scalar', 'array']})
    check_order3 = True

    def generate_inputs(self):
        self._x = 2.5 if self.x_kind == 'scalar' else \
            numpy.random.default_rng(1).uniform(1.5, 4.0, self.shape)
        return self.uniform(0.5, 5.0, self.shape),

    def forward(self, inputs, device):
        q, = inputs
        return F.zeta(self._x, q),

    def forward_expected(self, inputs):
        return special.zeta(self._x, *inputs),


class TestZetaBroadcastExponent(testing.FunctionTestCase):
    """An exponent array that broadcasts q: the gradient is summed back to q's shape."""
    params = [{}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(1.0, 3.0, (4,)),

    def forward(self, inputs, device):
        return F.zeta(numpy.array([[2.0], [3.5]]), inputs[0]),

    def forward_expected(self, inputs):
        return special.zeta(numpy.array([[2.0], [3.5]]), inputs[0]),


def test_riemann_zeta_values_and_exponent_variable_gets_no_gradient():
    x = kusari.Variable(numpy.array([2.0, 4.0]))
    q = kusari.Variable(numpy.array([1.0, 1.0]))
    y = F.zeta(x, q)
    numpy.testing.assert_allclose(y.array, [numpy.pi ** 2 / 6, numpy.pi ** 4 / 90], rtol=1e-14)
    gq, = kusari.grad([y], [q], [numpy.ones(2)])
    numpy.testing.assert_allclose(gq.array, -x.array * special.zeta(x.array + 1, 1.0),
                                  rtol=1e-14)
    assert x.grad is None


def test_integer_q_is_refused():
    with pytest.raises(InvalidType, match=r"zeta[\s\S]*q\.dtype\.kind == 'f'"):
        F.zeta(2.0, numpy.arange(1, 3))


def test_without_scipy_the_error_names_the_extra(monkeypatch):
    monkeypatch.setattr(_special, '_scipy_special', None)
    monkeypatch.setitem(sys.modules, 'scipy', None)
    monkeypatch.setitem(sys.modules, 'scipy.special', None)
    with pytest.raises(ImportError, match=r"F\.zeta needs SciPy.*kusari\[scipy\]"):
        F.zeta(2.0, numpy.array([0.5]))
