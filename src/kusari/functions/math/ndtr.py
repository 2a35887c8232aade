"""ndtr: the standard normal distribution function, differentiable to every order.

Needs no SciPy: the values are ``erfc(-x / sqrt(2)) / 2`` from kusari's own :func:`erfc`
kernels, which keep their relative precision in the lower tail.
"""
import math

import numpy

from kusari import backend
from kusari.functions.math._special import UnarySpecial
from kusari.utils import force_array

_INV_SQRT_2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


class Ndtr(UnarySpecial):
    _label = 'ndtr'

    def _values(self, x):
        from kusari.functions.math.erf import _apply
        wide = numpy.float64 if backend.get_array_module(x) is numpy else \
            numpy.promote_types(x.dtype, numpy.float32)
        y = _apply(x.astype(wide) * -_INV_SQRT_2, 'erfc') * 0.5
        return force_array(y, x.dtype)

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.exponential import exp
        x, = self.get_retained_inputs()
        return grad_outputs[0] * (exp(x * x * -0.5) * _INV_SQRT_2PI),


def ndtr(x):
    """Elementwise standard normal distribution function
    :math:`\\Phi(x) = \\frac{1}{\\sqrt{2\\pi}} \\int_{-\\infty}^x e^{-t^2/2} dt`.

    Computed as :math:`\\mathrm{erfc}(-x/\\sqrt2) / 2`, so it keeps its relative precision
    where it is tiny (large negative ``x``). Its derivative is the normal density, so every
    order of gradient is exact. Needs no SciPy.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.ndtr(numpy.array([0., 1.])).array
    array([0.5       , 0.84134475])
    """
    return Ndtr().apply((x,))[0]
