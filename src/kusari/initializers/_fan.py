"""The base of the fan-scaled initializers (LeCun, Glorot and He, normal and uniform), and
the random fill shared by all random initializers."""
import numpy

from kusari import backend
from kusari.initializer import Initializer, get_fans


def _rng_kwarg(kwargs):
    """Chainer's ``rng=`` keyword (the only extra keyword the random initializers take)."""
    if not kwargs:
        return None
    from kusari.utils import argument
    rng, = argument.parse_kwargs(kwargs, ('rng', None))
    return rng


def _fill(array, values):
    backend.copyto(array, values.astype(array.dtype, copy=False))


def fill_normal(array, std, rng=None):
    """Fill ``array`` in place from :math:`N(0, \\mathrm{std}^2)`.

    Parameters
    ----------
    array : array
        The array to fill.
    std : float
        The standard deviation.
    rng : random generator, optional
        A ``numpy.random.RandomState`` / ``Generator`` (or CuPy's); NumPy's global state
        when None.
    """
    source = numpy.random if rng is None else rng
    _fill(array, source.normal(0.0, std, array.shape))


def fill_uniform(array, s, rng=None):
    """Fill ``array`` in place from :math:`U(-s, s)`; ``rng`` as in :func:`fill_normal`."""
    source = numpy.random if rng is None else rng
    _fill(array, source.uniform(-s, s, array.shape))


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
    rng : random generator, optional (keyword only)
        Where the numbers come from (NumPy's global state by default).
    """

    _gain = None
    _fan = 'fan_in'
    _fill = None

    def __init__(self, scale=1.0, dtype=None, **kwargs):
        self.rng = _rng_kwarg(kwargs)
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
        self._fill(array, self.scale * numpy.sqrt(self._gain / fan), self.rng)
