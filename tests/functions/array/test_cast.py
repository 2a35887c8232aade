"""cast."""
import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import Variable, testing


class TestCast(testing.FunctionTestCase):
    # The runner feeds output gradients of the input dtype, so it checks casts to float64
    # (from float16/32/64 inputs); downcasts are checked in the plain tests below.
    params = [{'typ': numpy.float64}]

    def generate_inputs(self):
        return self.uniform(-1, 1, (3, 2)),

    def forward(self, inputs, device):
        return F.cast(inputs[0], self.typ),

    def forward_expected(self, inputs):
        return inputs[0].astype(self.typ),

    def expected_dtype(self, dtype):
        return numpy.dtype(self.typ)


def test_cast_gradient_has_the_input_dtype():
    x = Variable(numpy.ones(3, numpy.float32))
    y = F.cast(x, numpy.float64)
    assert y.dtype == numpy.float64
    F.sum(y * 2.0).backward()
    assert x.grad.dtype == numpy.float32
    numpy.testing.assert_array_equal(x.grad, 2.0)


def test_cast_same_dtype():
    x = Variable(numpy.ones(3, numpy.float32))
    y = F.cast(x, 'float32')
    assert y is not x and y.creator is not None   # connected, as in Chainer
    with kusari.no_backprop_mode():
        assert F.cast(x, numpy.float32) is x


def test_cast_from_integers_gives_no_gradient():
    x = Variable(numpy.arange(3, dtype=numpy.int32))
    y = F.cast(x, numpy.float32)
    numpy.testing.assert_array_equal(y.array, [0.0, 1.0, 2.0])
    F.sum(y).backward()
    assert x.grad is None


def test_cast_to_integers():
    y = F.cast(Variable(numpy.array([1.7, -2.2])), numpy.int64)
    assert y.dtype == numpy.int64
    numpy.testing.assert_array_equal(y.array, [1, -2])


@pytest.mark.parametrize('src, dst', [(numpy.float64, numpy.float16),
                                      (numpy.float64, numpy.float32),
                                      (numpy.float32, numpy.float16)])
def test_downcast_gradients_first_and_second_order(src, dst):
    x = Variable(numpy.array([0.5, -1.25, 2.0], src))
    gy = Variable(numpy.array([1.0, 2.0, -3.0], dst))
    y = F.cast(x, dst)
    assert y.dtype == dst
    numpy.testing.assert_array_equal(y.array, x.array.astype(dst))
    gx, = kusari.grad([y], [x], [gy], enable_double_backprop=True)
    assert gx.dtype == src
    numpy.testing.assert_array_equal(gx.array, gy.array.astype(src))
    # gx = cast(gy): its derivative with respect to gy is a cast back, of gy's dtype
    ggy, = kusari.grad([gx], [gy], [Variable(numpy.array([1.0, 1.0, 2.0], src))])
    assert ggy.dtype == dst
    numpy.testing.assert_array_equal(ggy.array, [1.0, 1.0, 2.0])
