"""swish: :math:`x \\cdot \\sigma(\\beta x)`, composed of differentiable functions."""
from kusari.functions.activation.sigmoid import sigmoid
from kusari.functions.array.reshape import reshape
from kusari.utils import type_check
from kusari.variable import as_variable


def swish(x, beta):
    """Swish: :math:`y = x \\cdot \\sigma(\\beta x)` with a learnable :math:`\\beta`.

    ``beta`` is broadcast along the first axis of ``x`` and its trailing axes, as the
    weight of :func:`prelu` is.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(B, *beta.shape, S_1, ..., S_N)``, float dtype.
    beta : Variable or array
        Of shape ``x.shape[1:1 + beta.ndim]`` and ``x``'s dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.array([[0., 1.]], numpy.float32)
    >>> F.swish(x, numpy.ones(2, numpy.float32)).array
    array([[0.       , 0.7310586]], dtype=float32)
    """
    label = 'Swish'
    type_check.check_float(label, 'x', x)
    if beta.dtype != x.dtype:
        type_check.fail(label, 'beta.dtype == x.dtype',
                        '{} != {}'.format(beta.dtype, x.dtype))
    if x.ndim < beta.ndim + 1 or tuple(x.shape[1:1 + beta.ndim]) != tuple(beta.shape):
        type_check.fail(label, 'beta.shape == x.shape[1:1 + beta.ndim]',
                        'x.shape={}, beta.shape={}'.format(x.shape, beta.shape))
    shape = (1,) + tuple(beta.shape) + (1,) * (x.ndim - beta.ndim - 1)
    x = as_variable(x)
    return x * sigmoid(x * reshape(beta, shape))
