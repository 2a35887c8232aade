import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestR2Score(testing.FunctionTestCase):
    params = testing.product({'shape': [(6,), (5, 3)],
                              'multioutput': ['uniform_average', 'raw_values']})

    def generate_inputs(self):
        true = self.uniform(-1, 1, self.shape)
        return true + self.uniform(-0.5, 0.5, self.shape), true

    def forward(self, inputs, device):
        return F.r2_score(*inputs, multioutput=self.multioutput),

    def forward_expected(self, inputs):
        from sklearn.metrics import r2_score
        pred, true = inputs
        if pred.ndim == 1:
            return numpy.asarray(r2_score(true, pred)),
        return numpy.asarray(r2_score(true, pred, multioutput=self.multioutput)),


def test_constant_target_scores_zero():
    true = numpy.ones((4, 2), numpy.float32)
    true[:, 1] = numpy.arange(4)
    pred = true + 0.5
    r = F.r2_score(pred, true, multioutput='raw_values').array
    assert r[0] == 0 and r.dtype == numpy.float32
    numpy.testing.assert_allclose(r[1], 1 - 1.0 / 5.0, rtol=1e-6)


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'pred.shape == true.shape'):
        F.r2_score(x, numpy.zeros((3, 2), numpy.float32))
    with pytest.raises(InvalidType, match=r"true.dtype.kind == 'f'"):
        F.r2_score(x, x.astype(numpy.int32))
    with pytest.raises(ValueError, match='invalid multioutput'):
        F.r2_score(x, x, multioutput='variance_weighted')
    with pytest.raises(NotImplementedError):
        F.r2_score(x, x, sample_weight=numpy.ones(2))
