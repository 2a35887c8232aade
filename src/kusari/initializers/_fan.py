"""The base of the fan-scaled initializers (LeCun, Glorot and He, normal and uniform)."""
import numpy

from kusari import backend
from kusari.initializer import Initializer, get_fans


def fill_normal(array, std):
    """Fill ``array`` in place from :math:`N(0, \\mathrm{std}^2)` (NumPy's global state)."""
    values = numpy.random.normal(0.0, std, array.shape)
    array[...] = backend.get_device_from_array(array).send(values.astype(array.dtype))


def fill_uniform(array, s):
    """Fill ``array`` in place from :math:`U(-s, s)` (NumPy's global state)."""
    values = numpy.random.uniform(-s, s, array.shape)
    array[...] = backend.get_device_from_array(array).send(values.astype(array.dtype))


class FanScaled(Initializer):
    """Base of an initializer drawing with spread ``scale * sqrt(gain / fan)``.

    A subclass sets ``_gain``, ``_fan`` (``'fan_in'``, ``'fan_out'`` or
    ``'fan_in + fan_out'``, the fans of :func:`~kusari.initializer.get_fans`) and ``_fill``
    (:func:`fill_normal` or :func:`fill_uniform`, as a staticmethod).

    Parameters
    ----------
    scale : float
        Multiplier of the spread.
    dtype : dtype, optional
        The required dtype.
    """

    _gain = None
    _fan = 'fan_in'
    _fill = None

    def __init__(self, scale=1.0, dtype=None):
        super().__init__(dtype)
        self.scale = scale

    def __call__(self, array):
        self._check(array)
        fan_in, fan_out = get_fans(array.shape)
        if self._fan == 'fan_in':
            fan = fan_in
        elif self._fan == 'fan_out':
            fan = fan_out
        else:
            fan = fan_in + fan_out
        self._fill(array, self.scale * numpy.sqrt(self._gain / fan))
