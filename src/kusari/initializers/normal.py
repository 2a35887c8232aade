"""Gaussian initializers: Normal, LeCunNormal, GlorotNormal, HeNormal.

They draw from NumPy's global random state, as Chainer does, so ``numpy.random.seed`` makes
model initialization reproducible; ``rng=`` (a ``numpy.random.RandomState`` or
``Generator``) gives one its own source.
"""
from kusari.initializer import Initializer
from kusari.initializers._fan import FanScaled, _rng_kwarg, fill_normal


class Normal(Initializer):
    """Draw from :math:`N(0, \\mathrm{scale}^2)`.

    Parameters
    ----------
    scale : float
        The standard deviation.
    dtype : dtype, optional
        The required dtype.
    rng : random generator, optional (keyword only)
        Where the numbers come from (NumPy's global state by default).
    """

    def __init__(self, scale=0.05, dtype=None, **kwargs):
        self.rng = _rng_kwarg(kwargs)
        super().__init__(dtype)
        self.scale = scale

    def __call__(self, array):
        self._check(array)
        fill_normal(array, self.scale, self.rng)


class LeCunNormal(FanScaled):
    """Draw from :math:`N(0, s^2)` with :math:`s = \\mathrm{scale}\\sqrt{1/\\mathrm{fan_{in}}}`.

    Parameters
    ----------
    scale : float
        Multiplier of the standard deviation.
    dtype : dtype, optional
        The required dtype.
    rng : random generator, optional (keyword only)
        Where the numbers come from.
    """

    _gain = 1.0
    _fill = staticmethod(fill_normal)


class GlorotNormal(FanScaled):
    """Draw from :math:`N(0, s^2)`, :math:`s = \\mathrm{scale}\\sqrt{2/(\\mathrm{fan_{in}} +
    \\mathrm{fan_{out}})}`.

    Parameters
    ----------
    scale : float
        Multiplier of the standard deviation.
    dtype : dtype, optional
        The required dtype.
    rng : random generator, optional (keyword only)
        Where the numbers come from.
    """

    _gain = 2.0
    _fan = 'fan_in + fan_out'
    _fill = staticmethod(fill_normal)


class HeNormal(FanScaled):
    """Draw from :math:`N(0, s^2)`, :math:`s = \\mathrm{scale}\\sqrt{2/\\mathrm{fan}}`.

    Parameters
    ----------
    scale : float
        Multiplier of the standard deviation.
    dtype : dtype, optional
        The required dtype.
    fan_option : {'fan_in', 'fan_out'}
        Which fan to use.
    rng : random generator, optional (keyword only)
        Where the numbers come from.
    """

    _gain = 2.0
    _fill = staticmethod(fill_normal)

    def __init__(self, scale=1.0, dtype=None, fan_option='fan_in', **kwargs):
        super().__init__(scale, dtype, **kwargs)
        if fan_option not in ('fan_in', 'fan_out'):
            raise ValueError("fan_option must be 'fan_in' or 'fan_out', got {!r}".format(
                fan_option))
        self.fan_option = fan_option

    @property
    def _fan(self):
        return self.fan_option
