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
        {'xs': (2, 3, 5, 6), 'k': (2, 2), 's': (2, 2), 'p': (0, 0), 'cover_all': True},
        # every window inside x: the kernel's vectorized path
        {'xs': (2, 3, 6, 4), 'k': (2, 2), 's': (2, 2), 'p': (0, 0), 'cover_all': True},
        {'xs': (2, 3, 5, 6), 'k': (3, 2), 's': (1, 2), 'p': (0, 0), 'cover_all': False},
        {'xs': (2, 3, 5, 6), 'k': (3, 2), 's': (2, 1), 'p': (1, 1), 'cover_all': False},
        {'xs': (2, 3, 5, 6), 'k': (3, 3), 's': (2, 2), 'p': (1, 1), 'cover_all': True},
        {'xs': (2, 2, 7), 'k': (3,), 's': (2,), 'p': (1,), 'cover_all': True},
        {'xs': (1, 2, 4, 3, 5), 'k': (2, 2, 3), 's': (2, 1, 2), 'p': (0, 1, 1),
         'cover_all': False},
    ]

    def generate_inputs(self):
        return _distinct(self.rng, self.xs),

    def forward(self, inputs, device):
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


@pytest.mark.parametrize('k,s,p', [(2, 2, 0), (3, 2, 1), ((3, 2), (1, 2), 0)])
def test_numba_and_numpy_paths_agree_large(k, s, p):
    # large enough for the thread split; ties broken towards the first element
    rng = numpy.random.default_rng(2)
    x = rng.integers(-3, 4, (5, 64, 20, 18)).astype(numpy.float32)
    outs = []
    for flag in (True, False):
        with kusari.using_config('use_numba', flag):
            xv = kusari.Variable(x)
            y, idx = F.max_pooling_2d(xv, k, s, p, return_indices=True)
            y.grad = numpy.cos(numpy.arange(y.size, dtype=numpy.float32)).reshape(y.shape)
            y.backward()
            outs.append((y.array, idx, xv.grad))
    numpy.testing.assert_array_equal(outs[0][0], outs[1][0])
    numpy.testing.assert_array_equal(outs[0][1], outs[1][1])
    # overlapping windows add in another order on the two paths
    numpy.testing.assert_allclose(outs[0][2], outs[1][2], rtol=1e-6, atol=1e-6)


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
