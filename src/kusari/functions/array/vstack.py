"""vstack, composed of reshape and concat (differentiable to every order)."""
from kusari.functions.array._stack_util import check_same
from kusari.functions.array.concat import concat
from kusari.functions.array.reshape import reshape


def vstack(xs):
    """Concatenate variables vertically (row wise), like :func:`numpy.vstack`.

    Parameters
    ----------
    xs : sequence of Variable or array
        Inputs of one dtype and ndim. With ``ndim >= 2`` their shapes agree except along
        axis 0; 0-d and 1-d inputs must have equal shapes.

    Returns
    -------
    Variable
        Joined along axis 0; 0-d and 1-d inputs of size ``N`` give shape ``(len(xs), N)``.
    """
    xs = list(xs)
    check_same('Vstack', xs, 0, 1)
    if xs[0].ndim <= 1:
        xs = [reshape(x, (1, x.size)) for x in xs]
    return concat(xs, axis=0)
