"""group_normalization, composed of differentiable functions (exact to every order)."""
import numpy

from kusari.configuration import config
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
