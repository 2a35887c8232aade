import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestTriplet(testing.FunctionTestCase):
    params = testing.product({'margin': [0.2, 1.0], 'reduce': ['mean', 'no']})

    def generate_inputs(self):
        a, p, n = (self.uniform(-1, 1, (5, 3)) for _ in range(3))
        return a, p, n

    def forward(self, inputs, device):
        return F.triplet(*inputs, margin=self.margin, reduce=self.reduce),

    def forward_expected(self, inputs):
        a, p, n = inputs
        d = ((a - p) ** 2).sum(axis=1) - ((a - n) ** 2).sum(axis=1) + self.margin
        loss = numpy.maximum(d, 0)
        return loss.mean() if self.reduce == 'mean' else loss,


def test_inputs_keep_away_from_the_kink():
    # the gradient checks above need every row away from max(0, .)'s kink
    t = TestTriplet()
    for p in TestTriplet.params:
        inputs, _ = t._setup(p)
        a, pos, n = inputs
        d = ((a - pos) ** 2).sum(axis=1) - ((a - n) ** 2).sum(axis=1) + p['margin']
        assert numpy.abs(d).min() > 0.01


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(ValueError, match='margin should be positive'):
        F.triplet(x, x, x, margin=-1)
    with pytest.raises(InvalidType, match=r'anchor.dtype == negative.dtype'):
        F.triplet(x, x, x.astype(numpy.float64))
    with pytest.raises(InvalidType, match=r'anchor.shape == positive.shape'):
        F.triplet(x, numpy.zeros((2, 2), numpy.float32), x)
    with pytest.raises(InvalidType, match=r'anchor.shape\[0\] > 0'):
        e = numpy.zeros((0, 3), numpy.float32)
        F.triplet(e, e, e)
    with pytest.raises(ValueError, match="only 'mean' and 'no'"):
        F.triplet(x, x, x, reduce='sum')
