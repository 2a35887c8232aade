import itertools

import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def avg_pool_ref(x, k, s, p, pad_value):
    outs = [(d + 2 * pp - kk) // ss + 1 for d, kk, ss, pp in zip(x.shape[2:], k, s, p)]
    y = numpy.zeros(x.shape[:2] + tuple(outs))
    for pos in itertools.product(*[range(o) for o in outs]):
        lo = [q * ss - pp for q, ss, pp in zip(pos, s, p)]
        sl = tuple(slice(max(a, 0), min(a + kk, d)) for a, kk, d in zip(lo, k, x.shape[2:]))
        win = x[(Ellipsis,) + sl].reshape(x.shape[:2] + (-1,))
        div = numpy.prod(k) if pad_value == 0 else win.shape[-1]
        y[(Ellipsis,) + pos] = win.sum(-1) / div
    return y


class TestAveragePoolingND(testing.FunctionTestCase):
    params = [
        {'xs': (2, 3, 5, 6), 'k': (2, 2), 's': (2, 2), 'p': (0, 0), 'pad_value': 0},
        {'xs': (2, 3, 5, 6), 'k': (3, 3), 's': (2, 1), 'p': (1, 1), 'pad_value': None},
        {'xs': (2, 2, 7), 'k': (3,), 's': (2,), 'p': (1,), 'pad_value': 0},
        {'xs': (1, 2, 4, 3, 5), 'k': (2, 2, 3), 's': (1, 1, 2), 'p': (1, 0, 1),
         'pad_value': None},
    ]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.xs),

    def forward(self, inputs, device):
        return F.average_pooling_nd(inputs[0], self.k, self.s, self.p, self.pad_value),

    def forward_expected(self, inputs):
        return avg_pool_ref(inputs[0], self.k, self.s, self.p, self.pad_value),


def test_1d_3d_wrappers():
    assert F.average_pooling_1d(numpy.ones((1, 1, 4)), 2).shape == (1, 1, 2)
    assert F.average_pooling_3d(numpy.ones((1, 1, 4, 4, 4)), 2).shape == (1, 1, 2, 2, 2)
    with pytest.raises(ValueError, match='should be 3'):
        F.average_pooling_3d(numpy.ones((1, 1, 4)), 2)


def test_bad_pad_value():
    with pytest.raises(ValueError, match='pad_value must be either 0 or None'):
        F.average_pooling_nd(numpy.ones((1, 1, 4, 4)), 2, pad_value=1)


def test_integer_input():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.average_pooling_nd(numpy.ones((1, 1, 4), numpy.int32), 2)
