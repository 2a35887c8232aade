"""minimum: the elementwise minimum of two inputs, differentiable to every order (a.e.)."""
from kusari.functions.math.maximum import _Extremum


class Minimum(_Extremum):
    _name = 'minimum'


def minimum(x1, x2):
    """Elementwise minimum of two inputs (broadcast together).

    Where ``x1 == x2`` the gradient goes to ``x1``.

    Parameters
    ----------
    x1, x2 : Variable or array
        Inputs of one float dtype and broadcastable shapes.

    Returns
    -------
    Variable
        The broadcast shape, dtype of the inputs.

    >>> import numpy, kusari.functions as F
    >>> F.minimum(numpy.array([1., 4.]), numpy.array([3., 2.])).array
    array([1., 2.])
    """
    return Minimum().apply((x1, x2))[0]
