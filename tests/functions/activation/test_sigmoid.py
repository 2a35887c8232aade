import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestSigmoid(testing.FunctionTestCase):
    params = [{'shape': (3, 2)}, {'shape': ()}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-3, 3, self.shape),

    def forward(self, inputs, device):
        return F.sigmoid(*inputs),

    def forward_expected(self, inputs):
        x, = inputs
        return 1.0 / (1.0 + numpy.exp(-x)),


def test_sigmoid_saturates_without_overflow():
    # (exp(-|x|) underflows to 0 at the ends, which NumPy does not report by default)
    with numpy.errstate(over='raise', divide='raise', invalid='raise'):
        y = F.sigmoid(numpy.array([-1e4, 1e4], numpy.float32)).array
    numpy.testing.assert_array_equal(y, [0.0, 1.0])


def test_sigmoid_integer_input_is_refused():
    with pytest.raises(InvalidType, match=r"Sigmoid.*\n\nExpect: x.dtype.kind == 'f'"):
        F.sigmoid(numpy.arange(3))


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
def test_sigmoid_keeps_its_relative_precision_in_both_tails(dtype):
    x = numpy.array([-40.0, -20.0, -5.0, 5.0, 20.0, 40.0])
    want = numpy.array([1.0 / (1.0 + numpy.exp(-v)) if v >= 0 else
                        numpy.exp(v) / (1.0 + numpy.exp(v)) for v in x])
    y = F.sigmoid(x.astype(dtype)).array
    numpy.testing.assert_allclose(y, want, rtol=4 * numpy.finfo(dtype).eps, atol=0)
    assert y[0] == pytest.approx(4.248354255291589e-18, rel=1e-6)
