import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _signed(rng, shape):
    return numpy.asarray(rng.uniform(0.1, 1, shape) * rng.choice([-1.0, 1.0], shape))


class TestRReLUWithR(testing.FunctionTestCase):
    """Training mode with a given r: deterministic."""

    params = [{'shape': (3, 4)}, {'shape': ()}]

    def generate_inputs(self):
        return _signed(self.rng, self.shape), self.uniform(0.125, 1 / 3, self.shape)

    def forward(self, inputs, device):
        x, r = inputs
        return F.rrelu(x, r=r.array),

    def forward_expected(self, inputs):
        x, r = inputs
        return numpy.where(x >= 0, x, r * x),

    def _grad_indexes(self, inputs):
        return [0]


class TestRReLUTest(testing.FunctionTestCase):
    """Test mode: the slope is (l + u) / 2."""

    params = [{'shape': (3, 4), 'l': 0.1, 'u': 0.3}, {'shape': (2,), 'l': 0.0, 'u': 0.5}]

    def generate_inputs(self):
        return _signed(self.rng, self.shape),

    def forward(self, inputs, device):
        with kusari.using_config('train', False):
            return F.rrelu(*inputs, l=self.l, u=self.u),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.where(x >= 0, x, (self.l + self.u) / 2 * x),


def test_rrelu_train_draws_r_in_range_and_returns_it():
    x = -numpy.ones((50, 40), numpy.float32)
    y, r = F.rrelu(x, l=0.2, u=0.3, return_r=True)
    assert r.dtype == numpy.float32 and r.shape == x.shape
    assert 0.2 <= r.min() and r.max() <= 0.3 and r.std() > 0.01
    numpy.testing.assert_allclose(y.array, -r)
    y2 = F.rrelu(x, r=r)
    numpy.testing.assert_array_equal(y2.array, y.array)


def test_rrelu_test_mode_returns_mean_r():
    x = numpy.array([-2.0, 3.0], numpy.float32)
    with kusari.using_config('train', False):
        y, r = F.rrelu(x, return_r=True)
    numpy.testing.assert_allclose(r, [(1 / 8 + 1 / 3) / 2] * 2, rtol=1e-6)
    numpy.testing.assert_allclose(y.array, [-2.0 * (1 / 8 + 1 / 3) / 2, 3.0], rtol=1e-6)


def test_rrelu_errors():
    x = numpy.zeros(3, numpy.float32)
    with pytest.raises(ValueError, match=r'lower must be in the range \[0, 1\)'):
        F.rrelu(x, l=-0.1)
    with pytest.raises(ValueError, match=r'upper must be in the range \[0, 1\)'):
        F.rrelu(x, u=1.0)
    with pytest.raises(ValueError, match='lower must be less than upper'):
        F.rrelu(x, l=0.3, u=0.2)
    with pytest.raises(ValueError, match='train argument is not supported'):
        F.rrelu(x, train=True)
    with pytest.raises(TypeError, match='unexpected keyword'):
        F.rrelu(x, foo=1)
    with pytest.raises(InvalidType, match=r'RReLU.*\n\nExpect: r.dtype == x.dtype'):
        F.rrelu(x, r=numpy.zeros(3, numpy.float64))
    with pytest.raises(InvalidType, match=r'Expect: r.shape == x.shape'):
        F.rrelu(x, r=numpy.zeros(2, numpy.float32))
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.rrelu(numpy.zeros(3, numpy.int32))
