import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestHuberLoss(testing.FunctionTestCase):
    params = testing.product({'delta': [0.5, 2.0], 'reduce': ['sum_along_second_axis', 'no']})

    def generate_inputs(self):
        t = self.uniform(-1, 1, (4, 3))
        # |x - t| away from 0 and from delta, where the loss has kinks in its derivatives
        d = numpy.array([0.1, 0.3, 1.0, 1.5, 2.5, 3.0])[self.rng.integers(0, 6, (4, 3))]
        return t + d * self.rng.choice([-1, 1], (4, 3)), t

    def forward(self, inputs, device):
        return F.huber_loss(*inputs, delta=self.delta, reduce=self.reduce),

    def forward_expected(self, inputs):
        x, t = inputs
        a = numpy.abs(x - t)
        y = numpy.where(a <= self.delta, 0.5 * a * a, self.delta * (a - 0.5 * self.delta))
        return y.sum(axis=1) if self.reduce != 'no' else y,


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'x.shape == t.shape'):
        F.huber_loss(x, numpy.zeros((3, 2), numpy.float32), 1.0)
    with pytest.raises(InvalidType, match=r'x.dtype == t.dtype'):
        F.huber_loss(x, x.astype(numpy.float64), 1.0)
    with pytest.raises(ValueError, match="'sum_along_second_axis' and 'no'"):
        F.huber_loss(x, x, 1.0, reduce='mean')
