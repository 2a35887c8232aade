import itertools

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def max_pool_ref(x, k, s, p, cover_all):
    """Loop over output positions; returns maxima and window-relative argmax."""
    outs = [(d + 2 * pp - kk + (ss - 1 if cover_all else 0)) // ss + 1
            for d, kk, ss, pp in zip(x.shape[2:], k, s, p)]
    big = numpy.full(x.shape[:2] + tuple(d + 2 * pp + ss + kk for d, pp, ss, kk in zip(
        x.shape[2:], p, s, k)), -numpy.inf)
    big[(Ellipsis,) + tuple(slice(pp, pp + d) for pp, d in zip(p, x.shape[2:]))] = x
    y = numpy.empty(x.shape[:2] + tuple(outs))
    idx = numpy.empty(y.shape, numpy.int64)
    for pos in itertools.product(*[range(o) for o in outs]):
        win = big[(Ellipsis,) + tuple(slice(q * ss, q * ss + kk) for q, ss, kk in zip(
            pos, s, k))].reshape(x.shape[:2] + (-1,))
        y[(Ellipsis,) + pos] = win.max(-1)
        idx[(Ellipsis,) + pos] = win.argmax(-1)
    return y, idx


def _distinct(rng, shape):
    # well separated values, so that the argmax is stable under numerical perturbation
    return rng.permutation(numpy.prod(shape)).reshape(shape) * 0.1 + rng.uniform(
        -0.01, 0.01, shape)


class TestMaxPoolingND(testing.FunctionTestCase):
    params = [
        {'xs': (2, 3, 5, 6), 'k': (2, 2), 's': (2, 2), 'p': (0, 0), 'cover_all': True,
         'numba': True},
        {'xs': (2, 3, 5, 6), 'k': (3, 2), 's': (2, 1), 'p': (1, 1), 'cover_all': False,
         'numba': True},
        {'xs': (2, 3, 5, 6), 'k': (3, 3), 's': (2, 2), 'p': (1, 1), 'cover_all': True,
         'numba': False},
        {'xs': (2, 2, 7), 'k': (3,), 's': (2,), 'p': (1,), 'cover_all': True, 'numba': True},
        {'xs': (1, 2, 4, 3, 5), 'k': (2, 2, 3), 's': (2, 1, 2), 'p': (0, 1, 1),
         'cover_all': False, 'numba': True},
    ]

    def generate_inputs(self):
        return _distinct(self.rng, self.xs),

    def forward(self, inputs, device):
        with kusari.using_config('use_numba', self.numba):
            return F.max_pooling_nd(inputs[0], self.k, self.s, self.p, self.cover_all),

    def forward_expected(self, inputs):
        return max_pool_ref(inputs[0], self.k, self.s, self.p, self.cover_all)[0],


class TestMaxPoolingOrder3(TestMaxPoolingND):
    params = [TestMaxPoolingND.params[1]]
    dtypes = (numpy.float64,)
    check_order3 = True


@pytest.mark.parametrize('numba', [True, False])
def test_return_indices(numba):
    x = _distinct(numpy.random.default_rng(0), (2, 3, 5, 6))
    with kusari.using_config('use_numba', numba):
        y, idx = F.max_pooling_2d(x, 3, 2, 1, return_indices=True)
    ref_y, ref_idx = max_pool_ref(x, (3, 3), (2, 2), (1, 1), True)
    numpy.testing.assert_array_equal(y.array, ref_y)
    numpy.testing.assert_array_equal(idx, ref_idx)


def test_1d_2d_3d_wrappers():
    x3 = numpy.ones((1, 1, 4))
    assert F.max_pooling_1d(x3, 2).shape == (1, 1, 2)
    assert F.max_pooling_2d(numpy.ones((1, 1, 4, 4)), 2).shape == (1, 1, 2, 2)
    assert F.max_pooling_3d(numpy.ones((1, 1, 4, 4, 4)), 2).shape == (1, 1, 2, 2, 2)
    with pytest.raises(ValueError, match='should be 2'):
        F.max_pooling_2d(x3, 2)
    with pytest.raises(ValueError, match='should be 1'):
        F.max_pooling_1d(numpy.ones((1, 1, 4, 4)), 2)


def test_integer_input():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.max_pooling_2d(numpy.ones((1, 1, 4, 4), numpy.int32), 2)


def test_empty_input():
    with pytest.raises(InvalidType, match=r'x.size > 0'):
        F.max_pooling_2d(numpy.ones((0, 1, 4, 4)), 2)
