"""normalize (L2 normalization), composed of differentiable functions (exact to every order)."""
from kusari.configuration import config
from kusari.functions.math.sqrt import sqrt
from kusari.functions.math.square import square
from kusari.functions.math.sum import normalize_axis
from kusari.functions.math.sum import sum as _sum
from kusari.functions.normalization.layer_normalization import _check_float
from kusari.variable import as_variable


def normalize(x, eps=1e-5, axis=1):
    """Divide ``x`` by its L2 norm along ``axis`` (plus ``eps``).

    .. math::
        y = \\frac{x}{\\|x\\|_2 + \\epsilon},

    the norm taken over ``axis`` and broadcast back. Composed of differentiable functions,
    so every order of derivative is exact wherever the norm is not zero. For a zero vector
    the first derivative is ``1 / eps`` times the identity (the function is ``x / eps`` to
    first order there) and higher derivatives treat the norm as the constant 0 (it has no
    second derivative at 0); nothing is NaN.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype; axis 0 is usually the batch.
    eps : float
        Added to the norm, so that a zero vector gives zeros.
    axis : int or tuple of ints
        The axes over which the norm is taken.

    Returns
    -------
    Variable
        Shape and dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.normalize(numpy.array([[3., 4.]]), eps=0.).array
    array([[0.6, 0.8]])
    """
    if config.type_check:
        _check_float('NormalizeL2', 'x', x)
    axes = normalize_axis('NormalizeL2', axis, x.ndim)
    x = as_variable(x)
    sq = _sum(square(x), axis=axes, keepdims=True)
    nonzero = sq.array != 0
    if nonzero.all():
        norm = sqrt(sq)
    else:
        # sqrt has no derivative at 0: take it of 1 there and multiply by 0 afterwards, so
        # the zero norm is a constant and every gradient stays finite.
        zero = (~nonzero).astype(x.dtype)
        norm = sqrt(sq + zero) * (1 - zero)
    return x / (norm + eps)
