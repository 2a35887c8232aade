import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestSigmoidCrossEntropy(testing.FunctionTestCase):
    params = testing.product({'normalize': [True, False], 'reduce': ['mean', 'no'],
                              'shape': [(4, 3)]}) + [
        {'normalize': True, 'reduce': 'mean', 'shape': (5,)}]
    check_order3 = True

    def generate_inputs(self):
        t = self.rng.integers(0, 2, self.shape).astype(numpy.int32)
        t.ravel()[0] = -1
        return self.uniform(-4, 4, self.shape), t

    def forward(self, inputs, device):
        return F.sigmoid_cross_entropy(*inputs, normalize=self.normalize, reduce=self.reduce),

    def forward_expected(self, inputs):
        x, t = inputs
        p = 1 / (1 + numpy.exp(-x))
        loss = -(t * numpy.log(p) + (1 - t) * numpy.log(1 - p)) * (t != -1)
        if self.reduce == 'no':
            return loss,
        count = (t != -1).sum() if self.normalize else len(x)
        return loss.sum() / count,


def test_large_logits_are_stable():
    x = numpy.array([1000.0, -1000.0], numpy.float32)
    y = F.sigmoid_cross_entropy(x, numpy.array([1, 0], numpy.int32))
    assert numpy.isfinite(y.array) and abs(float(y.array)) < 1e-6


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r"t.dtype.kind == 'i'"):
        F.sigmoid_cross_entropy(x, x)
    with pytest.raises(InvalidType, match=r'x.shape == t.shape'):
        F.sigmoid_cross_entropy(x, numpy.zeros(2, numpy.int32))
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.sigmoid_cross_entropy(x.astype(numpy.int32), x.astype(numpy.int32))
    with pytest.raises(ValueError, match="only 'mean' and 'no'"):
        F.sigmoid_cross_entropy(x, x.astype(numpy.int32), reduce='sum')
