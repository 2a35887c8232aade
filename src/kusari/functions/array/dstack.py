"""dstack, composed of reshape and concat (differentiable to every order)."""
from kusari.functions.array._stack_util import check_same
from kusari.functions.array.concat import concat
from kusari.functions.array.reshape import reshape


def dstack(xs):
    """Concatenate variables along the third axis (depth wise), like :func:`numpy.dstack`.

    Parameters
    ----------
    xs : sequence of Variable or array
        Inputs of one dtype and ndim. With ``ndim >= 3`` their shapes agree except along
        axis 2; inputs with fewer axes must have equal shapes.

    Returns
    -------
    Variable
        Joined along axis 2. Inputs of shape ``(N1, N2)`` give ``(N1, N2, len(xs))``,
        ``(N1,)`` gives ``(1, N1, len(xs))`` and ``()`` gives ``(1, 1, len(xs))``.
    """
    xs = list(xs)
    check_same('Dstack', xs, 2, 2)
    ndim = xs[0].ndim
    if ndim == 0:
        xs = [reshape(x, (1, 1, 1)) for x in xs]
    elif ndim == 1:
        xs = [reshape(x, (1, x.shape[0], 1)) for x in xs]
    elif ndim == 2:
        xs = [reshape(x, x.shape + (1,)) for x in xs]
    return concat(xs, axis=2)
