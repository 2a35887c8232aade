"""layer_normalization, composed of differentiable functions (exact to every order).

The module also holds ``_standardize``, the shared "subtract the mean, divide by the standard
deviation" composition that group and batch renormalization use too.
"""
import numpy

from kusari import backend
from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.functions.array.cast import cast
from kusari.functions.math.average import average
from kusari.utils import type_check
from kusari.variable import as_variable


class Standardize(FunctionNode):
    """``x -> (x_hat, inv_std)`` with ``x_hat = (x - mean) * inv_std`` over ``axes``.

    ``inv_std = 1 / sqrt(var + eps)`` keeps the reduced axes with size 1. The backward is
    written with differentiable functions of the two retained outputs, which are themselves
    outputs of this node, so every order of derivative is exact. The batch statistics are
    left on the node as the raw arrays ``mean`` and ``var`` (constants, for callers that
    need their values).
    """

    def __init__(self, axes, eps):
        self.axes = axes
        self.eps = eps

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        axes = self.axes
        mean = x.mean(axis=axes, keepdims=True)
        x_hat = x - mean
        var = xp.square(x_hat).mean(axis=axes, keepdims=True)
        inv_std = var + x.dtype.type(self.eps)
        xp.sqrt(inv_std, out=inv_std)
        xp.reciprocal(inv_std, out=inv_std)
        x_hat *= inv_std
        self.mean = mean
        self.var = var
        self._n = x.size // max(inv_std.size, 1)
        self.retain_outputs((0, 1))
        return x_hat, inv_std

    def backward(self, indexes, grad_outputs):
        x_hat, inv_std = self.get_retained_outputs()
        g, g_inv = grad_outputs
        axes = self.axes
        gx = None
        if g is not None:
            gx = (g - average(g, axis=axes, keepdims=True)
                  - x_hat * average(g * x_hat, axis=axes, keepdims=True)) * inv_std
        if g_inv is not None:
            # d inv_std / dx = -inv_std ** 2 * x_hat / n
            t = x_hat * (g_inv * inv_std * inv_std * (-1.0 / self._n))
            gx = t if gx is None else gx + t
        return gx,


def _standardize(x, axes, eps):
    """``(x - mean) / sqrt(var + eps)`` over ``axes`` (biased variance), every order exact.

    Args:
        x (Variable): Input of a float dtype (float32 or wider: callers cast float16 up).
        axes (tuple of ints): The reduced axes (non-negative, ascending).
        eps (float): Added to the variance.

    Returns:
        tuple: ``(x_hat, mean, var)``: the standardized Variable, and the batch mean and
        variance as raw arrays with the reduced axes kept (constants).
    """
    node = Standardize(axes, eps)
    x_hat = node.apply((x,))[0]
    return x_hat, node.mean, node.var


def _check_float(label, name, a):
    if a.dtype.kind != 'f':
        type_check.fail(label, "{}.dtype.kind == 'f'".format(name),
                        '{}.dtype={}'.format(name, a.dtype))


def _check_layer_normalization(x, gamma, beta):
    label = 'LayerNormalization'
    _check_float(label, 'x', x)
    if x.ndim != 2:
        type_check.fail(label, 'x.ndim == 2', 'x.ndim={} (x.shape={})'.format(x.ndim, x.shape))
    for name, a in (('gamma', gamma), ('beta', beta)):
        if a.ndim != 1:
            type_check.fail(label, '{}.ndim == 1'.format(name),
                            '{}.ndim={}'.format(name, a.ndim))
        if a.dtype != x.dtype:
            type_check.fail(label, '{}.dtype == x.dtype'.format(name),
                            '{}.dtype={}, x.dtype={}'.format(name, a.dtype, x.dtype))
    if gamma.shape != beta.shape:
        type_check.fail(label, 'gamma.shape == beta.shape',
                        '{} != {}'.format(gamma.shape, beta.shape))
    if gamma.shape[0] != x.shape[1]:
        type_check.fail(label, 'gamma.shape[0] == x.shape[1]',
                        '{} != {} (x.shape={})'.format(gamma.shape[0], x.shape[1], x.shape))


def layer_normalization(x, gamma, beta, eps=1e-5):
    """Layer normalization: standardize each row of ``x``, then scale and shift it.

    .. math::
        y_{ij} = \\gamma_j \\frac{x_{ij} - \\mu_i}{\\sqrt{\\sigma_i^2 + \\epsilon}} + \\beta_j,

    with :math:`\\mu_i` and :math:`\\sigma_i^2` the mean and (biased) variance of row ``i``.
    Composed of differentiable functions: every order of derivative is exact.

    Parameters
    ----------
    x : Variable or array
        Shape ``(batch_size, unit_size)``, float dtype.
    gamma : Variable or array
        Scale, shape ``(unit_size,)``, dtype of ``x``.
    beta : Variable or array
        Shift, shape ``(unit_size,)``, dtype of ``x``.
    eps : float
        Added to the variance.

    Returns
    -------
    Variable
        Shape and dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.array([[1., 2., 3.]])
    >>> F.layer_normalization(x, numpy.ones(3), numpy.zeros(3)).array.round(4)
    array([[-1.2247,  0.    ,  1.2247]])
    """
    if config.type_check:
        _check_layer_normalization(x, gamma, beta)
    x = as_variable(x)
    dtype = x.dtype
    if dtype == numpy.float16:
        # float16 statistics in float32: the variance of float16 values loses too much
        x = cast(x, numpy.float32)
        gamma = cast(gamma, numpy.float32)
        beta = cast(beta, numpy.float32)
    x_hat = _standardize(x, (1,), eps)[0]
    y = x_hat * gamma + beta
    return cast(y, dtype)
