"""hstack, composed of reshape and concat (differentiable to every order)."""
from kusari.functions.array._stack_util import check_same
from kusari.functions.array.concat import concat
from kusari.functions.array.reshape import reshape


def hstack(xs):
    """Concatenate variables horizontally (column wise), like :func:`numpy.hstack`.

    Parameters
    ----------
    xs : sequence of Variable or array
        Inputs of one dtype and ndim. With ``ndim >= 2`` their shapes agree except along
        axis 1; 0-d and 1-d inputs may have any sizes.

    Returns
    -------
    Variable
        Joined along axis 1 (``ndim >= 2``) or axis 0 (1-d inputs); 0-d inputs give shape
        ``(len(xs),)``.
    """
    xs = list(xs)
    check_same('Hstack', xs, 1, None)
    ndim = xs[0].ndim
    if ndim == 0:
        xs = [reshape(x, (1,)) for x in xs]
    return concat(xs, axis=0 if ndim <= 1 else 1)
