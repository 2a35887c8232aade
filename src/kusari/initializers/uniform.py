"""Uniform initializers: Uniform, LeCunUniform, GlorotUniform, HeUniform (``rng=`` as for the
Gaussian ones)."""
from kusari.initializer import Initializer
from kusari.initializers._fan import FanScaled, _rng_kwarg, fill_uniform


class Uniform(Initializer):
    """Draw from :math:`U(-\\mathrm{scale}, \\mathrm{scale})`.

    Parameters
    ----------
    scale : float
        Half the width of the interval.
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
        fill_uniform(array, self.scale, self.rng)


class LeCunUniform(FanScaled):
    """Draw from :math:`U(-s, s)`, :math:`s = \\mathrm{scale}\\sqrt{3/\\mathrm{fan_{in}}}`
    (parameters as :class:`~kusari.initializers.LeCunNormal`)."""

    _gain = 3.0
    _fill = staticmethod(fill_uniform)


class GlorotUniform(FanScaled):
    """Draw from :math:`U(-s, s)`, :math:`s = \\mathrm{scale}\\sqrt{6/(\\mathrm{fan_{in}} +
    \\mathrm{fan_{out}})}` (parameters as :class:`~kusari.initializers.GlorotNormal`)."""

    _gain = 6.0
    _fan = 'fan_in + fan_out'
    _fill = staticmethod(fill_uniform)


class HeUniform(FanScaled):
    """Draw from :math:`U(-s, s)`, :math:`s = \\mathrm{scale}\\sqrt{6/\\mathrm{fan_{in}}}`
    (parameters as :class:`~kusari.initializers.LeCunNormal`)."""

    _gain = 6.0
    _fill = staticmethod(fill_uniform)
