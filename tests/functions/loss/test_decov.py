import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestDecov(testing.FunctionTestCase):
    params = testing.product({'reduce': ['half_squared_sum', 'no'], 'shape': [(4, 3), (2, 1)]})
    check_order3 = True
    tolerances = {('forward', 'float16'): dict(atol=1e-2, rtol=1e-2)}

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.decov(*inputs, reduce=self.reduce),

    def forward_expected(self, inputs):
        h, = inputs
        hc = h - h.mean(axis=0)
        c = hc.T @ hc / len(h)
        numpy.fill_diagonal(c, 0)
        if self.reduce == 'no':
            return c,
        return numpy.asarray(0.5 * (c * c).sum()),


def test_decov_errors():
    with pytest.raises(ValueError, match="only 'half_squared_sum' and 'no' are valid"):
        F.decov(numpy.ones((3, 2)), 'sum')
    with pytest.raises(InvalidType, match=r'(?s)DeCov.*h.ndim == 2'):
        F.decov(numpy.ones(3))
    with pytest.raises(InvalidType, match=r"h.dtype.kind == 'f'"):
        F.decov(numpy.ones((3, 2), numpy.int64))
