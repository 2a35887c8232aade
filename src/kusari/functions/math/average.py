"""average and mean, composed of differentiable functions."""
from kusari.functions.math.sum import normalize_axis
from kusari.functions.math.sum import sum as _sum
from kusari.utils import type_check


def average(x, axis=None, weights=None, keepdims=False):
    """Weighted average over the given axes.

    Parameters
    ----------
    x : Variable or array
        Input of any shape.
    axis : None, int or tuple of ints
        Axes to average over (all when None).
    weights : Variable or array, optional
        Weights; with an int ``axis`` (or a tuple of one), a 1-D array of shape
        ``(x.shape[axis],)``; with ``axis=None``, the shape of ``x``. None means equal
        weights. A tuple of several axes takes no weights (as in Chainer).
    keepdims : bool
        Keep the reduced axes with size 1.

    Returns
    -------
    Variable
        The average: the shape of ``x`` without the reduced axes (with size 1 instead if
        ``keepdims``); dtype of ``x``.

    Raises
    ------
    InvalidType
        For an axis out of range or weights of the wrong shape.
    ValueError
        For a repeated axis, or weights with a tuple of several axes.
    """
    from kusari.functions.array.broadcast import broadcast_to
    from kusari.functions.array.reshape import reshape
    axes = normalize_axis('Average', axis, x.ndim)
    if weights is None:
        n = x.size if axes is None else 1
        if axes is not None:
            for a in axes:
                n *= x.shape[a]
        return _sum(x, axis=axes, keepdims=keepdims) * (1.0 / n)
    if axes is not None and len(axes) > 1:
        raise ValueError('tuple axis is not supported when weights is given (axis={})'
                         .format(axis))
    if isinstance(axis, int) or (axes is not None and len(axes) == 1 and weights.ndim == 1):
        a = axes[0]
        if weights.ndim != 1 or weights.shape[0] != x.shape[a]:
            type_check.fail('Average', 'weights.shape == (x.shape[axis],)',
                            'weights.shape={}, x.shape={}, axis={}'.format(
                                weights.shape, x.shape, axis))
        wshape = [1] * x.ndim
        wshape[a] = x.shape[a]
        weights = broadcast_to(reshape(weights, tuple(wshape)), x.shape)
    elif weights.shape != x.shape:
        type_check.fail('Average', 'weights.shape == x.shape',
                        'weights.shape={}, x.shape={}'.format(weights.shape, x.shape))
    num = _sum(x * weights, axis=axes, keepdims=keepdims)
    den = _sum(weights, axis=axes, keepdims=keepdims)
    return num / den


def mean(x, axis=None, weights=None, keepdims=False):
    """Alias of :func:`average`.

    Parameters
    ----------
    x : Variable or array
        Input of any shape.
    axis : None, int or tuple of ints
        Axes to average over (all when None).
    weights : Variable or array, optional
        Weights, as for :func:`average`.
    keepdims : bool
        Keep the reduced axes with size 1.

    Returns
    -------
    Variable
        The average, as for :func:`average`.
    """
    return average(x, axis=axis, weights=weights, keepdims=keepdims)
