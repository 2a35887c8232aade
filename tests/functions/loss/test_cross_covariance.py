import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _cov(y, z):
    yc, zc = y - y.mean(axis=0), z - z.mean(axis=0)
    return yc.T @ zc / len(y)


class TestCrossCovariance(testing.FunctionTestCase):
    params = testing.product({'reduce': ['half_squared_sum', 'no'], 'n': [4, 1]})
    check_order3 = True
    tolerances = {('forward', 'float16'): dict(atol=1e-2, rtol=1e-2)}

    def generate_inputs(self):
        return self.uniform(-1, 1, (self.n, 3)), self.uniform(-1, 1, (self.n, 2))

    def forward(self, inputs, device):
        return F.cross_covariance(*inputs, reduce=self.reduce),

    def forward_expected(self, inputs):
        c = _cov(*inputs)
        if self.reduce == 'no':
            return c,
        return numpy.asarray(0.5 * (c * c).sum()),


def test_cross_covariance_errors():
    y, z = numpy.ones((3, 2)), numpy.ones((3, 4))
    with pytest.raises(ValueError, match="only 'half_squared_sum' and 'no' are valid"):
        F.cross_covariance(y, z, 'mean')
    with pytest.raises(InvalidType, match=r'(?s)CrossCovariance.*y.dtype == z.dtype'):
        F.cross_covariance(y, z.astype(numpy.float32))
    with pytest.raises(InvalidType, match=r'(?s)CrossCovariance.*z.ndim == 2'):
        F.cross_covariance(y, numpy.ones(3))
    with pytest.raises(InvalidType, match=r'(?s)CrossCovariance.*y.shape\[0\] == z.shape\[0\]'):
        F.cross_covariance(y, numpy.ones((2, 4)))
    with pytest.raises(InvalidType, match=r"y.dtype.kind == 'f'"):
        F.cross_covariance(y.astype(numpy.int32), z.astype(numpy.int32))
