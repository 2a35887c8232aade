"""group_normalization, composed of differentiable functions (exact to every order)."""
import numpy

from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.functions.array.broadcast import broadcast_to
from kusari.functions.array.cast import cast
from kusari.functions.array.reshape import reshape
from kusari.functions.normalization.layer_normalization import _check_float, _standardize
from kusari.utils import type_check
from kusari.variable import as_variable


def _check_group_normalization(x, gamma, beta):
    label = 'GroupNormalization'
    _check_float(label, 'x', x)
    if x.ndim < 2:
        type_check.fail(label, 'x.ndim >= 2', 'x.ndim={} (x.shape={})'.format(x.ndim, x.shape))
    for name, a in (('gamma', gamma), ('beta', beta)):
        if a.ndim != 1:
            type_check.fail(label, '{}.ndim == 1'.format(name),
                            '{}.ndim={}'.format(name, a.ndim))
    _check_float(label, 'gamma', gamma)
    if gamma.dtype != beta.dtype:
        type_check.fail(label, 'gamma.dtype == beta.dtype',
                        '{} != {}'.format(gamma.dtype, beta.dtype))
    if x.shape[1] != gamma.shape[0]:
        type_check.fail(label, 'x.shape[1] == gamma.shape[0]',
                        '{} != {} (x.shape={})'.format(x.shape[1], gamma.shape[0], x.shape))
    if gamma.shape != beta.shape:
        type_check.fail(label, 'gamma.shape == beta.shape',
                        '{} != {}'.format(gamma.shape, beta.shape))


class _MulInvStd(FunctionNode):
    """``z = inv_std[:, None] * y`` for inputs ``(x, y)`` of shape ``(B, M)``, where
    ``inv_std = (var(x, axis=1) + eps) ** -0.5`` is given precomputed (with ``mean``, the
    row means of ``x``) and the gradient reaches ``x`` through it.

    Chainer's group normalization uses this node in its double backward, and Chainer's tests
    check it on its own; kusari's :func:`group_normalization` is composed of differentiable
    functions and does not need it. The backward recomputes the row statistics of ``x``
    with differentiable functions, so every order of derivative is exact. ``dummy_gamma``
    (Chainer's cuDNN argument) is ignored.
    """

    def __init__(self, eps, mean, inv_std, dummy_gamma=None):
        self.eps = eps
        self.mean = mean
        self.inv_std = inv_std
        self.dummy_gamma = dummy_gamma

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        _, y = inputs
        return (self.inv_std[:, None] * y).astype(y.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.average import average
        from kusari.functions.math.sqrt import rsqrt
        from kusari.functions.math.sum import sum as _sum
        x, y = self.get_retained_inputs()
        gz, = grad_outputs
        shape = x.shape
        d = x - broadcast_to(average(x, axis=1, keepdims=True), shape)
        inv_std = rsqrt(average(d * d, axis=1, keepdims=True) + self.eps)
        ret = []
        if 0 in indexes:
            # d inv_std_b / d x_bk = -inv_std_b ** 3 * d_bk / M
            s = _sum(gz * y, axis=1, keepdims=True) * inv_std ** 3 * (-1.0 / shape[1])
            ret.append(broadcast_to(s, shape) * d)
        if 1 in indexes:
            ret.append(gz * broadcast_to(inv_std, shape))
        return tuple(ret)


def group_normalization(x, groups, gamma, beta, eps=1e-5):
    """Group normalization: standardize each group of channels of each sample.

    The ``C`` channels are split into ``groups`` consecutive groups; each sample's group is
    standardized with its own mean and (biased) variance over the group's channels and every
    spatial position, then channel ``c`` is scaled by ``gamma[c]`` and shifted by
    ``beta[c]``. Composed of differentiable functions: every order of derivative is exact.
    A ``gamma`` of a wider dtype than ``x`` (float32 with a float16 ``x``) computes in that
    dtype and returns ``x``'s dtype.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, C, ...)`` with at least two dimensions, float dtype.
    groups : int
        The number of channel groups; must divide ``C``.
    gamma : Variable or array
        Scale, shape ``(C,)``.
    beta : Variable or array
        Shift, shape ``(C,)``, dtype of ``gamma``.
    eps : float
        Added to the variance.

    Returns
    -------
    Variable
        Shape and dtype of ``x``.

    Raises
    ------
    TypeError
        If ``groups`` is not an int.
    ValueError
        If ``groups`` does not divide ``C``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.arange(8.).reshape(1, 4, 2)
    >>> F.group_normalization(x, 2, numpy.ones(4), numpy.zeros(4)).shape
    (1, 4, 2)
    """
    if not isinstance(groups, (int, numpy.integer)) or isinstance(groups, bool):
        raise TypeError("Argument: 'groups' type must be (int).")
    if config.type_check:
        _check_group_normalization(x, gamma, beta)
    groups = int(groups)
    shape = x.shape
    n, c = shape[:2]
    if groups <= 0 or c % groups:
        raise ValueError("The number of channels {} is not divisible by 'groups' argument {}."
                         .format(c, groups))
    x = as_variable(x)
    dtype = x.dtype
    work = numpy.promote_types(dtype, gamma.dtype)
    if work == numpy.float16:
        work = numpy.dtype(numpy.float32)   # float16 statistics accumulate in float32
    xw = reshape(cast(x, work), (n, groups, -1))
    x_hat = _standardize(xw, (2,), eps)[0]
    x_hat = reshape(x_hat, (n, c, -1))
    g = reshape(cast(gamma, work), (c, 1))
    b = reshape(cast(beta, work), (c, 1))
    y = reshape(x_hat * g + b, shape)
    return cast(y, dtype)
