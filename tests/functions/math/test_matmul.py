import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _as3(a):
    return a.reshape(a.shape[:2] + (-1,))


@pytest.mark.filterwarnings('ignore::DeprecationWarning')
class TestBatchMatMul(testing.FunctionTestCase):
    params = [{'a': (2, 3, 4), 'b': (2, 4, 2), 'ta': False, 'tb': False},
              {'a': (2, 4, 3), 'b': (2, 2, 4), 'ta': True, 'tb': True},
              {'a': (2, 3), 'b': (2, 3), 'ta': True, 'tb': False},
              {'a': (2, 3, 1), 'b': (2, 4), 'ta': False, 'tb': True}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-1, 1, self.a), self.uniform(-1, 1, self.b)

    def forward(self, inputs, device):
        return F.batch_matmul(*inputs, transa=self.ta, transb=self.tb),

    def forward_expected(self, inputs):
        a, b = (_as3(x) for x in inputs)
        if self.ta:
            a = a.swapaxes(1, 2)
        if self.tb:
            b = b.swapaxes(1, 2)
        return numpy.matmul(a, b),


def test_batch_matmul_is_deprecated():
    with pytest.warns(DeprecationWarning, match='batch_matmul is deprecated'):
        F.batch_matmul(numpy.ones((1, 2, 2)), numpy.ones((1, 2, 2)))


@pytest.mark.filterwarnings('ignore::DeprecationWarning')
def test_batch_matmul_errors():
    a = numpy.ones((2, 3, 4), numpy.float32)
    with pytest.raises(InvalidType, match=r'BatchMatMul.*\n\nExpect: 2 <= b.ndim <= 3'):
        F.batch_matmul(a, numpy.ones((2, 4, 2, 1), numpy.float32))
    with pytest.raises(InvalidType, match=r'Expect: the inner sizes of op\(a\) and op\(b\) agree'):
        F.batch_matmul(a, numpy.ones((2, 3, 2), numpy.float32))
    with pytest.raises(InvalidType, match=r'Expect: a.dtype == b.dtype'):
        F.batch_matmul(a, numpy.ones((2, 4, 2), numpy.float64))


def test_matmul_of_mixed_float_dtypes_promotes_and_backprops_each_dtype():
    # as in Chainer: float inputs of different dtypes multiply; gradients keep each dtype
    a = kusari.Variable(numpy.arange(6, dtype=numpy.float32).reshape(2, 3))
    b = kusari.Variable(numpy.ones((3, 2), numpy.float64))
    y = F.matmul(a, b)
    assert y.dtype == numpy.float64
    numpy.testing.assert_allclose(y.array, a.array.astype(numpy.float64) @ b.array)
    F.sum(y).backward()
    assert a.grad.dtype == numpy.float32 and b.grad.dtype == numpy.float64
    numpy.testing.assert_allclose(a.grad, numpy.full((2, 3), 2.0))
    numpy.testing.assert_allclose(b.grad, a.array.sum(axis=0)[:, None].repeat(2, 1))
