import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _well_conditioned(rng, shape):
    n = shape[-1]
    return rng.uniform(-0.5, 0.5, shape) + 2.0 * numpy.eye(n)


class TestInv(testing.FunctionTestCase):
    params = [{'shape': (3, 3), 'batched': False}, {'shape': (2, 3, 3), 'batched': True},
              {'shape': (1, 1), 'batched': False}]
    check_order3 = True
    tolerances = {
        # the inputs are rounded to float16 first; inversion amplifies that rounding
        ('forward', 'float16'): dict(atol=2e-2, rtol=2e-2),
    }

    def generate_inputs(self):
        return _well_conditioned(self.rng, self.shape),

    def forward(self, inputs, device):
        return (F.batch_inv if self.batched else F.inv)(*inputs),

    def forward_expected(self, inputs):
        return numpy.linalg.inv(inputs[0]),


def test_singular_matrix():
    with pytest.raises(ValueError, match='Input has singular matrices.'):
        F.inv(numpy.zeros((2, 2), numpy.float32))
    with pytest.raises(ValueError, match='Input has singular matrices.'):
        F.batch_inv(numpy.zeros((2, 2, 2), numpy.float32))


def test_inv_shape_errors():
    with pytest.raises(InvalidType, match=r'Inv.*\n\nExpect: a.ndim == 2'):
        F.inv(numpy.ones((2, 2, 2), numpy.float32))
    with pytest.raises(InvalidType, match=r'BatchInv.*\n\nExpect: a.ndim == 3'):
        F.batch_inv(numpy.ones((2, 2), numpy.float32))
    with pytest.raises(InvalidType, match=r'Expect: a.shape\[-1\] == a.shape\[-2\]'):
        F.inv(numpy.ones((2, 3), numpy.float32))
    with pytest.raises(InvalidType, match=r"Expect: a.dtype.kind == 'f'"):
        F.inv(numpy.eye(2, dtype=numpy.int32))
