import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestDet(testing.FunctionTestCase):
    params = [{'shape': (3, 3), 'batched': False}, {'shape': (2, 3, 3), 'batched': True},
              {'shape': (1, 1), 'batched': False}]
    check_order3 = True
    tolerances = {
        # the inputs are rounded to float16 first; the determinant multiplies the errors
        ('forward', 'float16'): dict(atol=2e-2, rtol=2e-2),
    }

    def generate_inputs(self):
        n = self.shape[-1]
        return self.uniform(-0.5, 0.5, self.shape) + 1.5 * numpy.eye(n),

    def forward(self, inputs, device):
        return (F.batch_det if self.batched else F.det)(*inputs),

    def forward_expected(self, inputs):
        return numpy.asarray(numpy.linalg.det(inputs[0])),


def test_det_shape_errors():
    with pytest.raises(InvalidType, match=r'Det.*\n\nExpect: a.ndim == 2'):
        F.det(numpy.ones((2, 2, 2), numpy.float32))
    with pytest.raises(InvalidType, match=r'BatchDet.*\n\nExpect: a.ndim == 3'):
        F.batch_det(numpy.ones((2, 2), numpy.float32))
    with pytest.raises(InvalidType, match=r'Expect: a.shape\[-1\] == a.shape\[-2\]'):
        F.batch_det(numpy.ones((2, 2, 3), numpy.float32))
