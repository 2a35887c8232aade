import math

import numpy
import pytest

import kusari.functions as F
from kusari import testing


def _reduce(v, reduce):
    return {'sum': v.sum(), 'mean': v.mean(), 'no': v}[reduce]


class TestGaussianKLDivergence(testing.FunctionTestCase):
    params = [{'reduce': r} for r in ('sum', 'mean', 'no')]

    def generate_inputs(self):
        return self.uniform(-1, 1, (3, 2)), self.uniform(-1, 1, (3, 2))

    def forward(self, inputs, device):
        return F.gaussian_kl_divergence(*inputs, reduce=self.reduce),

    def forward_expected(self, inputs):
        m, v = inputs
        return _reduce((m * m + numpy.exp(v) - v - 1) * 0.5, self.reduce),


class TestBernoulliNLL(testing.FunctionTestCase):
    params = [{'reduce': r} for r in ('sum', 'mean', 'no')]

    def generate_inputs(self):
        return self.uniform(0, 1, (3, 2)), self.uniform(-2, 2, (3, 2))

    def forward(self, inputs, device):
        return F.bernoulli_nll(*inputs, reduce=self.reduce),

    def forward_expected(self, inputs):
        x, y = inputs
        p = 1 / (1 + numpy.exp(-y))
        return _reduce(-(x * numpy.log(p) + (1 - x) * numpy.log(1 - p)), self.reduce),


class TestGaussianNLL(testing.FunctionTestCase):
    params = [{'reduce': r} for r in ('sum', 'mean', 'no')]

    def generate_inputs(self):
        return (self.uniform(-1, 1, (3, 2)), self.uniform(-1, 1, (3, 2)),
                self.uniform(-1, 1, (3, 2)))

    def forward(self, inputs, device):
        return F.gaussian_nll(*inputs, reduce=self.reduce),

    def forward_expected(self, inputs):
        x, m, v = inputs
        var = numpy.exp(v)
        return _reduce(0.5 * numpy.log(2 * math.pi * var) + (x - m) ** 2 / (2 * var),
                       self.reduce),


@pytest.mark.parametrize('func,n', [(F.gaussian_kl_divergence, 2), (F.bernoulli_nll, 2),
                                    (F.gaussian_nll, 3)])
def test_bad_reduce(func, n):
    x = numpy.zeros(2, numpy.float32)
    with pytest.raises(ValueError, match="only 'sum', 'mean' and 'no' are valid"):
        func(*([x] * n), reduce='max')
