"""bias: the elementwise sum of x and y broadcast along an axis (composed of F functions)."""
from kusari.functions.array.broadcast import broadcast_to
from kusari.functions.array.reshape import reshape
from kusari.utils import type_check
from kusari.variable import as_variable


def bias(x, y, axis=1):
    """Elementwise sum ``x + y`` with ``y`` broadcast along the axes of ``x`` from ``axis`` on.

    Unlike NumPy's broadcasting, ``y``'s axes are aligned with ``x``'s axes starting at
    ``axis``: ``x.shape[axis:axis + y.ndim] == y.shape``.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(s_1, ..., s_N)``.
    y : Variable or array
        Input of shape ``(s_axis, ..., s_{axis + M - 1})``, dtype of ``x``.
    axis : int
        The first axis of ``x`` along which ``y`` is applied.

    Returns
    -------
    Variable
        Shape and dtype of ``x``.
    """
    x_shape = tuple(x.shape)
    y_shape = tuple(y.shape)
    if not 0 <= axis <= len(x_shape) - len(y_shape) or \
            x_shape[axis:axis + len(y_shape)] != y_shape:
        type_check.fail('Bias', 'x.shape[axis:axis + y.ndim] == y.shape',
                        'x.shape={}, y.shape={}, axis={}'.format(x_shape, y_shape, axis))
    y1 = reshape(y, (1,) * axis + y_shape + (1,) * (len(x_shape) - axis - len(y_shape)))
    return as_variable(x) + broadcast_to(y1, x_shape)
