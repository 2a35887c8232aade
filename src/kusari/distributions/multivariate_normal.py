"""The multivariate normal distribution, parameterized by a Cholesky factor."""
import math

import numpy

from kusari import backend
from kusari import functions as F
from kusari.distribution import Distribution, register_kl
from kusari.distributions.utils import as_param, as_points, cached_property, random_floats
from kusari.function_node import FunctionNode
from kusari.utils import type_check

_ENTROPY_C = 0.5 * math.log(2 * math.pi * math.e)
_LOG_PROB_C = -0.5 * math.log(2 * math.pi)


def _triangle_mask(xp, d, lower):
    mask = xp.tri(d, dtype=bool)
    return mask if lower else mask.T


class TriangularInv(FunctionNode):
    """The inverse of a (batch of) triangular matrices, differentiable to every order.

    Only the lower (``lower=True``) or upper triangle of the input is read. With
    :math:`Y = X^{-1}`, :math:`dY = -Y\\,dX\\,Y`, so the gradient is
    :math:`-Y^T G Y^T` restricted to the triangle; it is written with ``F.matmul`` on the
    retained output, so every higher order is exact.
    """

    def __init__(self, lower=True):
        self.lower = lower

    @property
    def label(self):
        return 'triangular_inv'

    def _check_data_type_forward(self, in_data):
        x, = in_data
        type_check.check_float(self.label, 'x', x)
        if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
            type_check.fail(self.label, 'x.shape[-2:] is square',
                            'x.shape={}'.format(x.shape))

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        d = x.shape[-1]
        mask = _triangle_mask(xp, d, self.lower)
        self.retain_outputs((0,))
        if d == 0:
            return x.copy(),
        tri = xp.where(mask, x, xp.zeros((), x.dtype))
        wide = numpy.promote_types(x.dtype, numpy.float32)
        y = xp.linalg.inv(tri.astype(wide))
        return xp.where(mask, y, xp.zeros((), wide)).astype(x.dtype),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        xp = backend.get_array_module(y.array)
        yt = F.swapaxes(y, -1, -2)
        gx = -F.matmul(F.matmul(yt, grad_outputs[0]), yt)
        return gx * _triangle_mask(xp, y.shape[-1], self.lower).astype(y.dtype),


def _triangular_inv(x, lower=True):
    """The inverse of the triangular matrix (or batch of matrices) ``x``.

    Parameters
    ----------
    x : Variable or array
        Of shape ``(..., d, d)``; only its lower (or upper) triangle is read.
    lower : bool
        Whether ``x`` is lower triangular.

    Returns
    -------
    Variable
        Of the shape and dtype of ``x``, triangular like ``x``.
    """
    return TriangularInv(lower).apply((x,))[0]


def _batch_triangular_inv(x, lower=True):
    return _triangular_inv(x, lower)


def _diagonal(x):
    """The diagonals of a batch of square matrices, ``(..., d, d) -> (..., d)``."""
    d = x.shape[-1]
    flat = F.reshape(x, x.shape[:-2] + (d * d,))
    return F.get_item(flat, (Ellipsis, slice(None, None, d + 1)))


def _triangular_logdet(x):
    return F.sum(F.log(abs(_diagonal(x))), axis=-1)


class MultivariateNormal(Distribution):
    """Multivariate normal distribution :math:`p(x) = \\frac{1}{\\sqrt{\\det(2\\pi V)}}
    \\exp\\left(-\\frac12 (x - \\mu)^T V^{-1} (x - \\mu)\\right)` with :math:`V = LL^T`.

    ``sample`` is reparameterized (``loc + L eps``).

    Parameters
    ----------
    loc : Variable or array
        The mean :math:`\\mu`, of shape ``batch_shape + (d,)``.
    scale_tril : Variable or array
        The lower triangular Cholesky factor :math:`L` of the covariance, of shape
        ``batch_shape + (d, d)`` (keyword argument; its upper triangle is not read).

    Raises
    ------
    ValueError
        If ``scale_tril`` is not given.
    """

    def __init__(self, loc, scale_tril=None):
        if scale_tril is None:
            raise ValueError('`scale_tril` must have a value.')
        self.__loc = loc
        self.__scale_tril = scale_tril

    def __copy__(self):
        return self._copy_to(MultivariateNormal(self.loc, scale_tril=self.scale_tril))

    @cached_property
    def loc(self):
        return as_param(self.__loc)

    @cached_property
    def scale_tril(self):
        return as_param(self.__scale_tril)

    @cached_property
    def _scale_tril_inv(self):
        return _triangular_inv(self.scale_tril)

    @cached_property
    def _logdet_scale(self):
        return _triangular_logdet(self.scale_tril)

    @property
    def d(self):
        return self.scale_tril.shape[-1]

    @property
    def batch_shape(self):
        return self.loc.shape[:-1]

    @property
    def event_shape(self):
        return self.loc.shape[-1:]

    @property
    def params(self):
        return {'loc': self.loc, 'scale_tril': self.scale_tril}

    @property
    def support(self):
        return 'real'

    @cached_property
    def mean(self):
        return self.loc

    @cached_property
    def covariance(self):
        return F.matmul(self.scale_tril, F.swapaxes(self.scale_tril, -1, -2))

    @cached_property
    def variance(self):
        tril = self.scale_tril * self.xp.tri(self.d, dtype=self.scale_tril.dtype)
        return F.sum(tril * tril, axis=-1)

    @cached_property
    def entropy(self):
        return self._logdet_scale + _ENTROPY_C * self.d

    def log_prob(self, x):
        diff = as_points(x, self.loc.dtype) - self.loc
        z = F.matmul(self._scale_tril_inv, F.expand_dims(diff, -1))
        m = F.sum(z * z, axis=(-2, -1))
        logz = _LOG_PROB_C * self.d - self._logdet_scale
        return logz - 0.5 * m

    def sample_n(self, n):
        xp = backend.get_array_module(self.loc.array)
        eps = random_floats(xp, 'standard_normal', self.loc.dtype,
                            (n,) + self.loc.shape + (1,))
        tril = self.scale_tril * xp.tri(self.d, dtype=self.loc.dtype)
        return self.loc + F.squeeze(F.matmul(tril, eps), axis=-1)


@register_kl(MultivariateNormal, MultivariateNormal)
def _kl_multivariatenormal_multivariatenormal(dist1, dist2):
    inv2 = dist2._scale_tril_inv
    tril1 = dist1.scale_tril * dist1.xp.tri(dist1.d, dtype=dist1.scale_tril.dtype)
    w = F.matmul(inv2, tril1)
    trace = F.sum(w * w, axis=(-2, -1))
    z = F.matmul(inv2, F.expand_dims(dist1.loc - dist2.loc, -1))
    mahalanobis = F.sum(z * z, axis=(-2, -1))
    return (dist2._logdet_scale - dist1._logdet_scale
            + 0.5 * trace + 0.5 * mahalanobis - 0.5 * dist1.d)
