import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing


def _cupy_or_skip():
    """CuPy, or skip the test where it or a CUDA device is missing."""
    cupy = pytest.importorskip('cupy')
    try:
        if cupy.cuda.runtime.getDeviceCount() < 1:
            pytest.skip('no CUDA device')
    except cupy.cuda.runtime.CUDARuntimeError:
        pytest.skip('no CUDA device')
    return cupy


class TestGumbelSoftmax(testing.FunctionTestCase):
    params = [{'shape': (3, 4), 'axis': 1, 'tau': 1.0}, {'shape': (2, 3, 2), 'axis': 2,
                                                          'tau': 0.5}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        numpy.random.seed(7)   # the same noise in every call
        return F.gumbel_softmax(inputs[0], self.tau, self.axis),

    def forward_expected(self, inputs):
        numpy.random.seed(7)
        g = numpy.random.gumbel(size=self.shape)
        z = (inputs[0] + g.astype(inputs[0].dtype)) / self.tau
        e = numpy.exp(z - z.max(axis=self.axis, keepdims=True))
        return e / e.sum(axis=self.axis, keepdims=True),

    def test_gpu(self, param):
        """On CuPy the noise comes from CuPy's generator, which NumPy's seed does not drive:
        replay CuPy's draw from the same seed and check the output and the gradient (that of
        a softmax of ``(log_pi + g) / tau``) at float64."""
        cupy = _cupy_or_skip()
        inputs, gys = self._setup(param)
        x = kusari.Variable(cupy.asarray(inputs[0]))
        cupy.random.seed(7)
        g = cupy.random.gumbel(size=self.shape).get()
        cupy.random.seed(7)
        y = F.gumbel_softmax(x, self.tau, self.axis)
        assert isinstance(y.array, cupy.ndarray)
        z = (inputs[0] + g) / self.tau
        e = numpy.exp(z - z.max(axis=self.axis, keepdims=True))
        p = e / e.sum(axis=self.axis, keepdims=True)
        testing.assert_allclose(y.array, p, atol=1e-12, rtol=1e-10)
        gy = gys[0]
        gx, = kusari.grad([y], [x], [cupy.asarray(gy)])
        assert isinstance(gx.array, cupy.ndarray)
        want = p * (gy - (gy * p).sum(axis=self.axis, keepdims=True)) / self.tau
        testing.assert_allclose(gx.array, want, atol=1e-12, rtol=1e-10)


def test_sums_to_one_and_samples_the_distribution():
    log_pi = numpy.log(numpy.array([[0.7, 0.2, 0.1]] * 4000, numpy.float32))
    y = F.gumbel_softmax(log_pi, tau=0.01)
    numpy.testing.assert_allclose(y.array.sum(axis=1), 1, rtol=1e-5)
    freq = numpy.bincount(y.array.argmax(axis=1), minlength=3) / 4000
    numpy.testing.assert_allclose(freq, [0.7, 0.2, 0.1], atol=0.03)


def test_scalar_input():
    y = F.gumbel_softmax(numpy.zeros((), numpy.float32))
    assert isinstance(y, kusari.Variable) and float(y.array) == 1.0
