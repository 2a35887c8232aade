"""bias: the elementwise sum of x and y broadcast along an axis (composed of F functions)."""
from kusari.functions.math._util import broadcast_along
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
    y = broadcast_along('Bias', x, y, axis)
    return as_variable(x) + y
