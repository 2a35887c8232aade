import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


def _cupy_or_skip():
    """CuPy, or skip the test where it or a CUDA device is missing."""
    cupy = pytest.importorskip('cupy')
    try:
        if cupy.cuda.runtime.getDeviceCount() < 1:
            pytest.skip('no CUDA device')
    except cupy.cuda.runtime.CUDARuntimeError:
        pytest.skip('no CUDA device')
    return cupy


class TestZoneout(testing.FunctionTestCase):
    params = [{'shape': (3, 4), 'ratio': 0.3}, {'shape': (5,), 'ratio': 0.7}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape), self.uniform(-1, 1, self.shape)

    def forward(self, inputs, device):
        numpy.random.seed(11)   # the same flags in every call
        return F.zoneout(*inputs, ratio=self.ratio),

    def forward_expected(self, inputs):
        numpy.random.seed(11)
        take_x = numpy.random.rand(*self.shape) >= self.ratio
        return numpy.where(take_x, inputs[1], inputs[0]),

    def test_gpu(self, param):
        """On CuPy the flags come from CuPy's generator, which NumPy's seed does not drive:
        replay CuPy's draw from the same seed and check the output and both gradients."""
        cupy = _cupy_or_skip()
        inputs, gys = self._setup(param)
        h, x = (kusari.Variable(cupy.asarray(a)) for a in inputs)
        cupy.random.seed(11)
        take_x = (cupy.random.rand(*self.shape) >= self.ratio).get()
        cupy.random.seed(11)
        y = F.zoneout(h, x, ratio=self.ratio)
        assert isinstance(y.array, cupy.ndarray)
        numpy.testing.assert_array_equal(y.array.get(), numpy.where(take_x, inputs[1], inputs[0]))
        gh, gx = kusari.grad([y], [h, x], [cupy.asarray(gys[0])])
        assert isinstance(gh.array, cupy.ndarray) and isinstance(gx.array, cupy.ndarray)
        numpy.testing.assert_array_equal(gh.array.get(), numpy.where(take_x, 0, gys[0]))
        numpy.testing.assert_array_equal(gx.array.get(), numpy.where(take_x, gys[0], 0))


def test_test_mode_returns_x():
    h, x = numpy.zeros(3), numpy.ones(3)
    with kusari.using_config('train', False):
        numpy.testing.assert_array_equal(F.zoneout(h, x).array, x)


def test_errors():
    x = numpy.zeros(3, numpy.float32)
    with pytest.raises(ValueError, match='train argument is not supported anymore'):
        F.zoneout(x, x, train=False)
    with pytest.raises(InvalidType, match=r'h.shape == x.shape'):
        F.zoneout(x, numpy.zeros(2, numpy.float32))
