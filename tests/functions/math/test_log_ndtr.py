import sys

import numpy
import pytest
from scipy import special

import kusari.functions as F
from kusari import testing
from kusari.functions.math import _special
from kusari.utils.type_check import InvalidType


class TestLogNdtr(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-6.0, 4.0, self.shape),

    def forward(self, inputs, device):
        return F.log_ndtr(*inputs),

    def forward_expected(self, inputs):
        return special.log_ndtr(*inputs),


def test_deep_lower_tail_and_its_gradient_stay_finite():
    import kusari
    x = kusari.Variable(numpy.array([-40.0, -10.0, 0.0, 10.0]))
    y = F.log_ndtr(x)
    numpy.testing.assert_allclose(y.array, special.log_ndtr(x.array), rtol=1e-14)
    gx, = kusari.grad([y], [x], [numpy.ones(4)])
    # d/dx log(ndtr(x)) = pdf(x) / ndtr(x), about -x in the lower tail
    want = numpy.exp(-x.array ** 2 / 2 - special.log_ndtr(x.array)) / numpy.sqrt(2 * numpy.pi)
    numpy.testing.assert_allclose(gx.array, want, rtol=1e-12)


def test_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"log_ndtr[\s\S]*x\.dtype\.kind == 'f'"):
        F.log_ndtr(numpy.arange(3))


def test_without_scipy_the_error_names_the_extra(monkeypatch):
    monkeypatch.setattr(_special, '_scipy_special', None)
    monkeypatch.setitem(sys.modules, 'scipy', None)
    monkeypatch.setitem(sys.modules, 'scipy.special', None)
    with pytest.raises(ImportError, match=r"F\.log_ndtr needs SciPy.*kusari\[scipy\]"):
        F.log_ndtr(numpy.array([0.5]))
