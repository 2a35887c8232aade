import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestLog1p(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-0.5, 2.0, self.shape),

    def forward(self, inputs, device):
        return F.log1p(*inputs),

    def forward_expected(self, inputs):
        return numpy.log1p(*inputs),


def test_tiny_arguments_keep_their_precision():
    x = numpy.array([1e-20, -1e-12], numpy.float32)
    y = F.log1p(x)
    assert y.dtype == numpy.float32
    numpy.testing.assert_allclose(y.array, x, rtol=1e-6)


def test_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"log1p[\s\S]*x\.dtype\.kind == 'f'"):
        F.log1p(numpy.arange(3))
