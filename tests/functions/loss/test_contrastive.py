import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestContrastive(testing.FunctionTestCase):
    params = testing.product({'margin': [1.0, 2.0], 'reduce': ['mean', 'no']})
    check_order3 = True

    def generate_inputs(self):
        x0 = self.uniform(-1, 1, (6, 3))
        direction = self.normal((6, 3))
        direction /= numpy.linalg.norm(direction, axis=1, keepdims=True)
        # distances away from the margins 1 and 2, where the loss has a kink
        dist = numpy.array([0.3, 0.6, 1.4, 1.7, 2.4, 0.8])
        y = numpy.array([0, 1, 0, 1, 0, 0], numpy.int32)
        return x0, x0 + direction * dist[:, None], y

    def forward(self, inputs, device):
        return F.contrastive(*inputs, margin=self.margin, reduce=self.reduce),

    def forward_expected(self, inputs):
        x0, x1, y = inputs
        d = numpy.sqrt(((x0 - x1) ** 2).sum(axis=1))
        loss = 0.5 * (y * d * d + (1 - y) * numpy.maximum(self.margin - d, 0) ** 2)
        return loss.mean() if self.reduce == 'mean' else loss,


def test_zero_distance_gradient_is_finite():
    import kusari
    x0 = kusari.Variable(numpy.ones((2, 3)))
    x1 = kusari.Variable(numpy.ones((2, 3)))
    F.contrastive(x0, x1, numpy.array([0, 1], numpy.int32)).backward()
    assert numpy.isfinite(x0.grad).all()


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    y = numpy.zeros(2, numpy.int32)
    with pytest.raises(ValueError, match='margin should be positive'):
        F.contrastive(x, x, y, margin=0)
    with pytest.raises(InvalidType, match=r"y.dtype.kind == 'i'"):
        F.contrastive(x, x, y.astype(numpy.float32))
    with pytest.raises(InvalidType, match=r'x0.shape == x1.shape'):
        F.contrastive(x, numpy.zeros((2, 2), numpy.float32), y)
    with pytest.raises(InvalidType, match=r'x1.shape\[0\] == y.shape\[0\]'):
        F.contrastive(x, x, numpy.zeros(3, numpy.int32))
    with pytest.raises(InvalidType, match=r'x0.ndim == 2'):
        F.contrastive(x[0], x[0], y)
    with pytest.raises(ValueError, match="only 'mean' and 'no'"):
        F.contrastive(x, x, y, reduce='sum')
