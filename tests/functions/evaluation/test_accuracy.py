import warnings

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestAccuracy(testing.FunctionTestCase):
    params = [{'x_shape': (10, 3), 't_shape': (10,), 'ignore': None},
              {'x_shape': (10, 3), 't_shape': (10,), 'ignore': 1},
              {'x_shape': (4, 3, 2), 't_shape': (4, 2), 'ignore': -1},
              {'x_shape': (5, 3, 1), 't_shape': (5,), 'ignore': None}]
    skip_backward = 'accuracy has no gradient'

    def generate_inputs(self):
        t = self.rng.integers(0, 3, self.t_shape).astype(numpy.int32)
        if self.ignore == -1:
            t.ravel()[::3] = -1
        return self.uniform(-1, 1, self.x_shape), t

    def forward(self, inputs, device):
        return F.accuracy(*inputs, ignore_label=self.ignore),

    def forward_expected(self, inputs):
        x, t = inputs
        pred = x.argmax(axis=1).reshape(t.shape)
        keep = numpy.ones(t.shape, bool) if self.ignore is None else t != self.ignore
        return numpy.asarray(((pred == t) & keep).sum() / max(keep.sum(), 1)),


def test_all_ignored_and_no_gradient():
    x = kusari.Variable(numpy.random.rand(3, 2).astype(numpy.float32))
    t = numpy.array([-1, -1, -1], numpy.int32)
    acc = F.accuracy(x, t, ignore_label=-1)
    assert acc.dtype == numpy.float32 and float(acc.array) == 0.0
    F.accuracy(x, numpy.array([0, 1, 0], numpy.int32)).backward()
    assert x.grad is None


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r"t.dtype.kind == 'i'"):
        F.accuracy(x, numpy.zeros(2, numpy.float32))
    with pytest.raises(InvalidType, match=r'x.shape\[0\] == t.shape\[0\]'):
        F.accuracy(x, numpy.zeros(3, numpy.int32))
    with pytest.raises(InvalidType, match=r'x.ndim >= t.ndim'):
        F.accuracy(x, numpy.zeros((2, 3, 1), numpy.int32))
    with pytest.raises(InvalidType, match=r'x.shape\[2\] == 1'):
        F.accuracy(numpy.zeros((2, 3, 2), numpy.float32), numpy.zeros(2, numpy.int32))
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.accuracy(x.astype(numpy.int32), numpy.zeros(2, numpy.int32))


def test_out_of_range_labels_raise():
    y = numpy.eye(3, dtype=numpy.float32)
    with pytest.raises(ValueError) as e:
        F.accuracy(y, numpy.array([0, 3, 2], numpy.int32))
    assert str(e.value) == ('accuracy: each label in t must be a class index in [0, 3) '
                            '(x.shape[1] is 3), but t[1] is 3 (1 of 3 labels out of range)')
    # a negative label without ignore_label says how to skip it
    with pytest.raises(ValueError, match=r'but t\[2\] is -1 \(1 of 3 labels out of range\); '
                                         r'to skip such labels, pass ignore_label=-1$'):
        F.accuracy(y, numpy.array([0, 1, -1], numpy.int32))
    assert float(F.accuracy(y, numpy.array([0, 1, -1], numpy.int32), ignore_label=-1).array) == 1
    with pytest.raises(ValueError, match=r'or ignore_label \(-1\), but t\[0\] is -2 '):
        F.accuracy(y, numpy.array([-2, 1, -1], numpy.int32), ignore_label=-1)
    with kusari.using_config('debug', True):
        with pytest.raises(ValueError, match='accuracy: each label'):
            F.accuracy(y, numpy.array([0, 1, 7], numpy.int32))


@pytest.mark.parametrize('dtype', [numpy.int8, numpy.int16, numpy.int32, numpy.int64])
@pytest.mark.parametrize('n_class', [3, 200, 300, 40000])
def test_label_check_for_every_integer_width(dtype, n_class):
    # the check reads labels as unsigned: a negative label must fail even where the class
    # count exceeds what the label dtype can hold
    y = numpy.zeros((3, n_class), numpy.float32)
    top = min(n_class - 1, numpy.iinfo(dtype).max)
    F.accuracy(y, numpy.array([0, top, 1], dtype))
    with pytest.raises(ValueError, match=r'but t\[1\] is -1 '):
        F.accuracy(y, numpy.array([0, -1, 1], dtype))
    with pytest.raises(ValueError, match=r'but t\[0\] is {} '.format(numpy.iinfo(dtype).min)):
        F.accuracy(y, numpy.array([numpy.iinfo(dtype).min, 0, 1], dtype))
    if n_class <= numpy.iinfo(dtype).max:
        with pytest.raises(ValueError, match=r'but t\[2\] is {} '.format(n_class)):
            F.accuracy(y, numpy.array([0, 1, n_class], dtype))


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('ignore', [None, -1, 2])
def test_kernel_and_numpy_paths_agree(dtype, ignore):
    # 2-d scores on the CPU: NumPy's argmax, then one kernel for the label test and the
    # count; the same result as the NumPy path, with ties, NaN rows, strided and empty inputs
    rng = numpy.random.default_rng(3)
    y = rng.integers(0, 4, (300, 5)).astype(dtype)     # many ties
    y[::7, 3] = numpy.nan
    y[::11, 0] = numpy.nan
    t = rng.integers(0, 5, 300).astype(numpy.int64)
    if ignore is not None:
        t[::4] = ignore
    for x, labels in ((y, t), (y[::2], t[::2]), (y[:0], t[:0])):
        with kusari.using_config('use_numba', True):
            fast = F.accuracy(x, labels, ignore_label=ignore).array
        with kusari.using_config('use_numba', False), warnings.catch_warnings():
            warnings.simplefilter('ignore', RuntimeWarning)   # NumPy's mean of no labels
            slow = F.accuracy(x, labels, ignore_label=ignore).array
        assert fast.dtype == slow.dtype == dtype
        numpy.testing.assert_array_equal(fast, slow)
    pred = y.argmax(axis=1)
    keep = numpy.ones(300, bool) if ignore is None else t != ignore
    want = ((pred == t) & keep).sum() / keep.sum()
    with kusari.using_config('use_numba', True):
        assert F.accuracy(y, t, ignore_label=ignore).array == dtype(want)
