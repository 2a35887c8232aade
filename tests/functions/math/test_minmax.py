import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _distinct(rng, shape):
    n = int(numpy.prod(shape))
    return (rng.permutation(n).astype(numpy.float64) * 0.25 - n / 8).reshape(shape)


class TestMaxMin(testing.FunctionTestCase):
    params = testing.product({
        'case': [((3, 4), None, False), ((3, 4), 1, True), ((2, 3, 2), (0, 2), False),
                 ((2, 3, 2), -1, False), ((), None, False)],
        'name': ['max', 'min']})

    def generate_inputs(self):
        return _distinct(self.rng, self.case[0]),

    def forward(self, inputs, device):
        _, axis, keepdims = self.case
        return getattr(F, self.name)(*inputs, axis=axis, keepdims=keepdims),

    def forward_expected(self, inputs):
        _, axis, keepdims = self.case
        f = numpy.amax if self.name == 'max' else numpy.amin
        return numpy.asarray(f(inputs[0], axis=axis, keepdims=keepdims)),


def test_max_ties_all_receive_the_gradient():
    x = kusari.Variable(numpy.array([[1.0, 3.0, 3.0], [2.0, 0.0, 2.0]]))
    F.sum(F.max(x, axis=1)).backward()
    numpy.testing.assert_array_equal(x.grad, [[0, 1, 1], [1, 0, 1]])


class TestArgMaxArgMin:
    @pytest.mark.parametrize('name', ['argmax', 'argmin'])
    @pytest.mark.parametrize('axis', [None, 0, 1, -1])
    def test_forward(self, name, axis):
        x = numpy.random.default_rng(1).standard_normal((3, 4)).astype(numpy.float32)
        v = kusari.Variable(x)
        y = getattr(F, name)(v, axis=axis)
        assert y.dtype == numpy.int32
        numpy.testing.assert_array_equal(y.array, getattr(numpy, name)(x, axis=axis))
        assert y.creator is None and not y.requires_grad

    @pytest.mark.parametrize('f', [F.argmax, F.argmin])
    def test_errors(self, f):
        x = numpy.zeros((2, 3), numpy.float32)
        with pytest.raises(TypeError, match='None or int are required'):
            f(x, axis=(0, 1))
        with pytest.raises(InvalidType, match=r'Arg(Max|Min).*\n\nExpect: -x.ndim <= axis'):
            f(x, axis=2)
        with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
            f(numpy.zeros(3, numpy.int32))


@pytest.mark.parametrize('f', [F.max, F.min])
def test_max_min_errors(f):
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(InvalidType, match=r'(Max|Min).*\n\nExpect: -x.ndim <= axis < x.ndim'):
        f(x, axis=2)
    with pytest.raises(ValueError, match='duplicate value in axis'):
        f(x, axis=(0, 0))
    with pytest.raises(TypeError, match='None, int or tuple of int are required'):
        f(x, axis=[0])
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        f(numpy.zeros(3, numpy.int32))
