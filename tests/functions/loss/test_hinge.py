import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestHinge(testing.FunctionTestCase):
    params = testing.product({'norm': ['L1', 'L2'], 'reduce': ['mean', 'no']})

    def generate_inputs(self):
        # scores away from +-1, where max(0, 1 +- x) has a kink
        x = (self.rng.choice([-1.6, -0.5, 0.5, 1.6], (5, 3))
             + self.uniform(-0.3, 0.3, (5, 3)))
        return x, self.rng.integers(0, 3, 5).astype(numpy.int32)

    def forward(self, inputs, device):
        return F.hinge(*inputs, norm=self.norm, reduce=self.reduce),

    def forward_expected(self, inputs):
        x, t = inputs
        s = numpy.ones_like(x)
        s[numpy.arange(len(t)), t] = -1
        m = numpy.maximum(0, 1 + s * x)
        loss = m if self.norm == 'L1' else m * m
        return loss.sum() / len(x) if self.reduce == 'mean' else loss,


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    t = numpy.zeros(2, numpy.int32)
    with pytest.raises(InvalidType, match=r'x.ndim == 2'):
        F.hinge(numpy.zeros(3, numpy.float32), t)
    with pytest.raises(InvalidType, match=r't.ndim == 1'):
        F.hinge(x, t[:, None])
    with pytest.raises(InvalidType, match=r'x.shape\[0\] == t.shape\[0\]'):
        F.hinge(x, numpy.zeros(3, numpy.int32))
    with pytest.raises(InvalidType, match=r"t.dtype.kind == 'i'"):
        F.hinge(x, t.astype(numpy.float32))
    with pytest.raises(NotImplementedError, match="'L1' or 'L2'"):
        F.hinge(x, t, norm='L3')
    with pytest.raises(ValueError, match="only 'mean' and 'no'"):
        F.hinge(x, t, reduce='sum')
