import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _normalize(x, eps, axis):
    norm = numpy.sqrt(numpy.sum(x * x, axis=axis, keepdims=True))
    return x / (norm + eps)


class TestNormalize(testing.FunctionTestCase):
    params = [
        {'shape': (4, 5), 'axis': 1, 'eps': 1e-5},
        {'shape': (4, 5), 'axis': 0, 'eps': 0.5},
        {'shape': (2, 3, 4), 'axis': (1, 2), 'eps': 1e-5},
        {'shape': (2, 3, 4), 'axis': -1, 'eps': 1e-5},
        {'shape': (2, 3, 2, 2), 'axis': 1, 'eps': 1e-5},
    ]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.normalize(inputs[0], eps=self.eps, axis=self.axis),

    def forward_expected(self, inputs):
        return _normalize(inputs[0], self.eps, self.axis),


def test_default_arguments():
    x = numpy.array([[3., 4.], [1., 0.]])
    numpy.testing.assert_allclose(F.normalize(x).array, _normalize(x, 1e-5, 1), rtol=1e-14)


def test_zero_vector_gradients():
    eps = 1e-3
    x = kusari.Variable(numpy.array([[0., 0., 0.], [1., 2., -2.]]))
    y = F.normalize(x, eps=eps)
    numpy.testing.assert_array_equal(y.array[0], 0.)
    gy = numpy.array([[1., -2., 3.], [0.5, 1., 1.]])
    gx, = kusari.grad([y], [x], [gy], enable_double_backprop=True)
    # to first order the function is x / eps around a zero vector
    numpy.testing.assert_allclose(gx.array[0], gy[0] / eps, rtol=1e-14)
    n = 3.
    xr, gr = x.array[1], gy[1]
    expected = gr / (n + eps) - xr * (xr @ gr) / (n * (n + eps) ** 2)
    numpy.testing.assert_allclose(gx.array[1], expected, rtol=1e-12)
    ggx, = kusari.grad([F.sum(gx * gx)], [x])
    assert numpy.isfinite(ggx.array).all()


def test_integer_input():
    with pytest.raises(InvalidType, match=r"x.dtype.kind == 'f'"):
        F.normalize(numpy.arange(6).reshape(2, 3))


def test_axis_out_of_range():
    with pytest.raises(InvalidType, match=r'NormalizeL2'):
        F.normalize(numpy.ones((2, 3)), axis=2)
