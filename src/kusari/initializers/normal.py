"""Gaussian initializers: Normal, LeCunNormal, GlorotNormal, HeNormal.

They draw from NumPy's global random state, as Chainer does, so ``numpy.random.seed`` makes
model initialization reproducible.
"""
import numpy

from kusari import backend
from kusari.initializer import Initializer, get_fans


def _fill_normal(array, std):
    values = numpy.random.normal(0.0, std, array.shape)
    array[...] = backend.get_device_from_array(array).send(values.astype(array.dtype))


class Normal(Initializer):
    """Draw from :math:`N(0, \\mathrm{scale}^2)`.

    Parameters
    ----------
    scale : float
        The standard deviation.
    dtype : dtype, optional
        The required dtype.
    """

    def __init__(self, scale=0.05, dtype=None):
        super().__init__(dtype)
        self.scale = scale

    def __call__(self, array):
        self._check(array)
        _fill_normal(array, self.scale)


class LeCunNormal(Initializer):
    """Draw from :math:`N(0, s^2)` with :math:`s = \\mathrm{scale}\\sqrt{1/\\mathrm{fan_{in}}}`."""

    def __init__(self, scale=1.0, dtype=None):
        super().__init__(dtype)
        self.scale = scale

    def __call__(self, array):
        self._check(array)
        fan_in, _ = get_fans(array.shape)
        _fill_normal(array, self.scale * numpy.sqrt(1.0 / fan_in))


class GlorotNormal(Initializer):
    """Draw from :math:`N(0, s^2)`, :math:`s = \\mathrm{scale}\\sqrt{2/(\\mathrm{fan_{in}} +
    \\mathrm{fan_{out}})}`."""

    def __init__(self, scale=1.0, dtype=None):
        super().__init__(dtype)
        self.scale = scale

    def __call__(self, array):
        self._check(array)
        fan_in, fan_out = get_fans(array.shape)
        _fill_normal(array, self.scale * numpy.sqrt(2.0 / (fan_in + fan_out)))


class HeNormal(Initializer):
    """Draw from :math:`N(0, s^2)`, :math:`s = \\mathrm{scale}\\sqrt{2/\\mathrm{fan}}`.

    Parameters
    ----------
    scale : float
        Multiplier of the standard deviation.
    dtype : dtype, optional
        The required dtype.
    fan_option : {'fan_in', 'fan_out'}
        Which fan to use.
    """

    def __init__(self, scale=1.0, dtype=None, fan_option='fan_in'):
        super().__init__(dtype)
        if fan_option not in ('fan_in', 'fan_out'):
            raise ValueError("fan_option must be 'fan_in' or 'fan_out', got {!r}".format(
                fan_option))
        self.scale = scale
        self.fan_option = fan_option

    def __call__(self, array):
        self._check(array)
        fan_in, fan_out = get_fans(array.shape)
        fan = fan_in if self.fan_option == 'fan_in' else fan_out
        _fill_normal(array, self.scale * numpy.sqrt(2.0 / fan))
