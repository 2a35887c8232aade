"""Uniform initializers: Uniform, LeCunUniform, GlorotUniform, HeUniform."""
import numpy

from kusari import backend
from kusari.initializer import Initializer, get_fans


def _fill_uniform(array, s):
    values = numpy.random.uniform(-s, s, array.shape)
    array[...] = backend.get_device_from_array(array).send(values.astype(array.dtype))


class Uniform(Initializer):
    """Draw from :math:`U(-\\mathrm{scale}, \\mathrm{scale})`."""

    def __init__(self, scale=0.05, dtype=None):
        super().__init__(dtype)
        self.scale = scale

    def __call__(self, array):
        self._check(array)
        _fill_uniform(array, self.scale)


class LeCunUniform(Initializer):
    """Draw from :math:`U(-s, s)`, :math:`s = \\mathrm{scale}\\sqrt{3/\\mathrm{fan_{in}}}`."""

    def __init__(self, scale=1.0, dtype=None):
        super().__init__(dtype)
        self.scale = scale

    def __call__(self, array):
        self._check(array)
        fan_in, _ = get_fans(array.shape)
        _fill_uniform(array, self.scale * numpy.sqrt(3.0 / fan_in))


class GlorotUniform(Initializer):
    """Draw from :math:`U(-s, s)`, :math:`s = \\mathrm{scale}\\sqrt{6/(\\mathrm{fan_{in}} +
    \\mathrm{fan_{out}})}`."""

    def __init__(self, scale=1.0, dtype=None):
        super().__init__(dtype)
        self.scale = scale

    def __call__(self, array):
        self._check(array)
        fan_in, fan_out = get_fans(array.shape)
        _fill_uniform(array, self.scale * numpy.sqrt(6.0 / (fan_in + fan_out)))


class HeUniform(Initializer):
    """Draw from :math:`U(-s, s)`, :math:`s = \\mathrm{scale}\\sqrt{6/\\mathrm{fan_{in}}}`."""

    def __init__(self, scale=1.0, dtype=None):
        super().__init__(dtype)
        self.scale = scale

    def __call__(self, array):
        self._check(array)
        fan_in, _ = get_fans(array.shape)
        _fill_uniform(array, self.scale * numpy.sqrt(6.0 / fan_in))
