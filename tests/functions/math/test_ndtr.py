import math
import sys

import numpy
import pytest
from scipy import special

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestNdtr(testing.FunctionTestCase):
    params = testing.product({'shape': [(3, 2), ()], 'use_numba': [True, False]})
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-4.0, 4.0, self.shape),

    def forward(self, inputs, device):
        with kusari.using_config('use_numba', self.use_numba):
            return F.ndtr(*inputs),

    def forward_expected(self, inputs):
        return special.ndtr(*inputs),


def test_lower_tail_keeps_relative_precision():
    x = numpy.array([-30.0, -20.0, -8.0, 0.0, 8.0])
    # (x / sqrt(2) is rounded: about x**2 ulps of relative difference at x = -30)
    numpy.testing.assert_allclose(F.ndtr(x).array, special.ndtr(x), rtol=1e-12)
    x = numpy.append(x, -37.5)    # a subnormal result (SciPy 1.17 returns 0 there)
    want = [0.5 * math.erfc(-v / math.sqrt(2)) for v in x]
    numpy.testing.assert_allclose(F.ndtr(x).array, want, rtol=1e-12)
    assert F.ndtr(x).array[-1] > 0


def test_needs_no_scipy(monkeypatch):
    monkeypatch.setitem(sys.modules, 'scipy', None)
    monkeypatch.setitem(sys.modules, 'scipy.special', None)
    y = F.ndtr(numpy.array([0.0, 1.0], numpy.float32))
    assert y.dtype == numpy.float32
    numpy.testing.assert_allclose(y.array, [0.5, 0.8413447], rtol=1e-6)


def test_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"ndtr[\s\S]*x\.dtype\.kind == 'f'"):
        F.ndtr(numpy.arange(3))
