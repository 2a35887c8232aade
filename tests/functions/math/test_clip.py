import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestClip(testing.FunctionTestCase):
    params = [{'shape': (4, 3), 'bounds': (-0.5, 0.5)}, {'shape': (), 'bounds': (None, 0.3)},
              {'shape': (5,), 'bounds': (-0.25, None)}]

    def generate_inputs(self):
        x = self.uniform(-1, 1, self.shape)
        for b in self.bounds:
            if b is not None:
                x = numpy.where(abs(x - b) < 0.1, b + 0.2, x)
        return numpy.asarray(x),

    def forward(self, inputs, device):
        return F.clip(*inputs, *self.bounds),

    def forward_expected(self, inputs):
        return numpy.clip(inputs[0], *self.bounds),


def test_clip_errors():
    x = numpy.zeros(3, numpy.float32)
    with pytest.raises(ValueError, match='must set either max or min'):
        F.clip(x, None, None)
    with pytest.raises(ValueError, match='x_min must be less than x_max'):
        F.clip(x, 1.0, 1.0)
    with pytest.raises(InvalidType, match=r"Clip.*\n\nExpect: x.dtype.kind == 'f'"):
        F.clip(numpy.arange(3), 0.0, 1.0)
