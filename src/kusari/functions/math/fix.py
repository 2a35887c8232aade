"""fix: round toward zero (no gradient, as in Chainer)."""
from kusari import backend
from kusari.utils import force_array
from kusari.variable import Variable, as_variable


def fix(x):
    """Elementwise rounding toward zero (``numpy.fix``).

    The result is piecewise constant, so no gradient flows through it: it is a new
    Variable outside the graph, as :func:`floor` and :func:`ceil`.

    Parameters
    ----------
    x : Variable or array
        Input of any shape.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``; the graph is not recorded.

    >>> import numpy, kusari.functions as F
    >>> F.fix(numpy.array([-1.7, 1.7])).array
    array([-1.,  1.])
    """
    if isinstance(x, Variable):
        x = x.array
    xp = backend.get_array_module(x)
    return as_variable(force_array(xp.fix(x), x.dtype))
