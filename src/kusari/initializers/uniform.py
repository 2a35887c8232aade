"""Uniform initializers: Uniform, LeCunUniform, GlorotUniform, HeUniform."""
from kusari.initializer import Initializer
from kusari.initializers._fan import FanScaled, fill_uniform


class Uniform(Initializer):
    """Draw from :math:`U(-\\mathrm{scale}, \\mathrm{scale})`."""

    def __init__(self, scale=0.05, dtype=None):
        super().__init__(dtype)
        self.scale = scale

    def __call__(self, array):
        self._check(array)
        fill_uniform(array, self.scale)


class LeCunUniform(FanScaled):
    """Draw from :math:`U(-s, s)`, :math:`s = \\mathrm{scale}\\sqrt{3/\\mathrm{fan_{in}}}`."""

    _gain = 3.0
    _fill = staticmethod(fill_uniform)


class GlorotUniform(FanScaled):
    """Draw from :math:`U(-s, s)`, :math:`s = \\mathrm{scale}\\sqrt{6/(\\mathrm{fan_{in}} +
    \\mathrm{fan_{out}})}`."""

    _gain = 6.0
    _fan = 'fan_in + fan_out'
    _fill = staticmethod(fill_uniform)


class HeUniform(FanScaled):
    """Draw from :math:`U(-s, s)`, :math:`s = \\mathrm{scale}\\sqrt{6/\\mathrm{fan_{in}}}`."""

    _gain = 6.0
    _fill = staticmethod(fill_uniform)
