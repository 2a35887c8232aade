"""erf: the error function, differentiable to every order.

SciPy is not a dependency. On the CPU the values come from a Numba kernel over the C
library's ``erf``/``erfc`` (``config.use_numba``, the default), or from a NumPy reference path
accurate to a few float64 ulps: the series
:math:`\\mathrm{erf}(x) = \\frac{2}{\\sqrt\\pi} e^{-x^2} \\sum_n \\frac{(2x^2)^n x}{(2n+1)!!}`
(all terms positive, no cancellation) for :math:`|x| < 1`, and the continued fraction of
:math:`\\mathrm{erfc}` beyond. On the GPU CuPy's ``erf``/``erfc`` are used.
"""
import math

import numpy

from kusari import backend
from kusari.functions.math._special import UnarySpecial
from kusari.utils import _numba, force_array

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_INV_SQRT_PI = 1.0 / math.sqrt(math.pi)
_SPLIT = 1.0          # series below, continued fraction above
_SERIES_TERMS = 50    # the series' terms fall below 1e-17 of its sum for |x| < 1
_CF_TERMS = 200       # the fraction converges to 1e-15 relative for x >= 1

@_numba.kernel
def _erf_kernel(x, out):
    for i in range(x.size):
        out[i] = math.erf(x[i])


@_numba.kernel
def _erfc_kernel(x, out):
    for i in range(x.size):
        out[i] = math.erfc(x[i])


def _erf_series(a):
    """erf(a) for 0 <= a < 1 by the positive series."""
    a2 = a * a
    two_a2 = 2.0 * a2
    term = a.copy()
    s = a.copy()
    for k in range(1, _SERIES_TERMS):
        term *= two_a2
        term /= 2 * k + 1
        s += term
    return _TWO_OVER_SQRT_PI * numpy.exp(-a2) * s


def _erfc_fraction(a):
    """erfc(a) for a >= 1 by the continued fraction, evaluated from its tail."""
    f = a.copy()
    for k in range(_CF_TERMS, 0, -1):
        f = a + (0.5 * k) / f
    # exp(-a^2) with a = hi + lo and hi * hi exact: keeps its relative precision for large a
    # (erfc underflows to 0 beyond 27.3, so a is clamped at 40 there)
    a = numpy.minimum(a, 40.0)
    hi = numpy.floor(a * 4096.0) * (1.0 / 4096.0)
    g = numpy.exp(-hi * hi) * numpy.exp(-(a - hi) * (a + hi))
    return g * _INV_SQRT_PI / f


def erf_reference(x):
    """erf on a float64 NumPy array with NumPy alone (the reference path)."""
    x = numpy.asarray(x, numpy.float64)
    a = numpy.abs(x)
    out = numpy.empty_like(a)
    small = a < _SPLIT
    out[small] = _erf_series(a[small])
    big = ~small & ~numpy.isnan(a)
    out[big] = 1.0 - _erfc_fraction(a[big])
    out[numpy.isnan(a)] = numpy.nan
    return numpy.copysign(out, x)


def erfc_reference(x):
    """erfc on a float64 NumPy array with NumPy alone (the reference path)."""
    x = numpy.asarray(x, numpy.float64)
    a = numpy.abs(x)
    out = numpy.empty_like(a)
    small = a < _SPLIT
    out[small] = 1.0 - numpy.copysign(_erf_series(a[small]), x[small])
    big = ~small & ~numpy.isnan(a)
    tail = _erfc_fraction(a[big])
    out[big] = numpy.where(x[big] > 0, tail, 2.0 - tail)
    out[numpy.isnan(a)] = numpy.nan
    return out


def _apply(x, which):
    """erf or erfc of a raw array, in its dtype (computed in float64 on the CPU)."""
    xp = backend.get_array_module(x)
    if xp is not numpy:
        import cupyx.scipy.special as special
        return getattr(special, which)(x)
    x64 = numpy.ascontiguousarray(x, numpy.float64)
    if _numba.enabled():
        out = numpy.empty_like(x64)
        (_erf_kernel if which == 'erf' else _erfc_kernel)(x64.reshape(-1), out.reshape(-1))
    else:
        out = erf_reference(x64) if which == 'erf' else erfc_reference(x64)
    return force_array(out.reshape(x.shape), x.dtype)


def _gaussian_density_times(x, c):
    """``c * exp(-x^2)`` as a Variable: the derivative of erf for c = 2/sqrt(pi)."""
    from kusari.functions.math.exponential import exp
    return exp(-(x * x)) * c


class Erf(UnarySpecial):
    _label = 'erf'

    def _values(self, x):
        return _apply(x, 'erf')

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * _gaussian_density_times(x, _TWO_OVER_SQRT_PI),


def erf(x):
    """Elementwise error function :math:`\\frac{2}{\\sqrt\\pi}\\int_0^x e^{-t^2} dt`.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.erf(numpy.array([0., 1.])).array
    array([0.        , 0.84270079])
    """
    return Erf().apply((x,))[0]
