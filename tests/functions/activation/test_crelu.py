import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestCReLU(testing.FunctionTestCase):
    params = [{'shape': (2, 3), 'axis': 1}, {'shape': (2, 3, 2), 'axis': 0},
              {'shape': (2, 3, 2), 'axis': -1}]

    def generate_inputs(self):
        x = self.rng.uniform(0.1, 1, self.shape) * self.rng.choice([-1.0, 1.0], self.shape)
        return numpy.asarray(x),

    def forward(self, inputs, device):
        return F.crelu(*inputs, axis=self.axis),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.concatenate([numpy.maximum(x, 0), numpy.maximum(-x, 0)], axis=self.axis),


def test_crelu_errors():
    with pytest.raises(TypeError, match='axis must be an integer value'):
        F.crelu(numpy.zeros((2, 3), numpy.float32), axis=1.0)
    with pytest.raises(InvalidType, match=r'CReLU.*\n\nExpect: -x.ndim <= axis < x.ndim'):
        F.crelu(numpy.zeros((2, 3), numpy.float32), axis=2)
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.crelu(numpy.zeros((2, 3), numpy.int32))
