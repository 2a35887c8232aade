import itertools

import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def unpool_ref(x, k, s, p, outsize, cover_all):
    nd = x.ndim - 2
    if outsize is None:
        outsize = [ss * (d - 1) + kk - 2 * pp - (ss - 1 if cover_all else 0)
                   for d, kk, ss, pp in zip(x.shape[2:], k, s, p)]
    big = numpy.zeros(x.shape[:2] + tuple(o + 2 * pp + ss + kk for o, pp, ss, kk in zip(
        outsize, p, s, k)))
    for pos in itertools.product(*[range(d) for d in x.shape[2:]]):
        sl = tuple(slice(q * ss, q * ss + kk) for q, ss, kk in zip(pos, s, k))
        big[(Ellipsis,) + sl] += x[(Ellipsis,) + pos].reshape(x.shape[:2] + (1,) * nd)
    return big[(Ellipsis,) + tuple(slice(pp, pp + o) for pp, o in zip(p, outsize))]


class TestUnpoolingND(testing.FunctionTestCase):
    params = [
        {'xs': (2, 3, 3, 2), 'k': (2, 2), 's': (2, 2), 'p': (0, 0), 'outsize': None,
         'cover_all': False},
        {'xs': (2, 3, 3, 2), 'k': (3, 2), 's': (2, 1), 'p': (1, 0), 'outsize': None,
         'cover_all': True},
        {'xs': (2, 2, 3), 'k': (2,), 's': (2,), 'p': (0,), 'outsize': (6,),
         'cover_all': True},
        {'xs': (1, 2, 2, 3, 2), 'k': (2, 3, 2), 's': (2, 2, 1), 'p': (0, 1, 0),
         'outsize': None, 'cover_all': False},
        # the padding removes every column: an empty output (as in Chainer), zero gradients
        {'xs': (2, 3, 3, 2), 'k': (1, 1), 's': (1, 1), 'p': (1, 1), 'outsize': None,
         'cover_all': True},
    ]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.xs),

    def forward(self, inputs, device):
        return F.unpooling_nd(inputs[0], self.k, self.s, self.p, self.outsize, self.cover_all),

    def forward_expected(self, inputs):
        return unpool_ref(inputs[0], self.k, self.s, self.p, self.outsize, self.cover_all),


def test_wrappers():
    assert F.unpooling_1d(numpy.ones((1, 1, 2)), 2, cover_all=False).shape == (1, 1, 4)
    assert F.unpooling_3d(numpy.ones((1, 1, 2, 2, 2)), 2, cover_all=False).shape == (
        1, 1, 4, 4, 4)
    with pytest.raises(ValueError, match='should be 1'):
        F.unpooling_1d(numpy.ones((1, 1, 2, 2)), 2)


def test_outsize_mismatch():
    with pytest.raises(InvalidType, match=r'x.shape\[2:\] =='):
        F.unpooling_nd(numpy.ones((1, 1, 3)), 2, outsize=(12,), cover_all=False)


def test_empty_and_negative_output_sizes():
    x = numpy.ones((1, 1, 3, 2))
    for f in (F.unpooling_nd, F.unpooling_2d):
        assert f(x, 1, 1, 1, cover_all=True).shape == (1, 1, 1, 0)
    with pytest.raises(RuntimeError, match=r'should not be negative \(got \(-1,\)\)'):
        F.unpooling_nd(numpy.ones((1, 1, 1)), 1, 1, 1, cover_all=True)
