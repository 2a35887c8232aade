"""expm1: elementwise ``exp(x) - 1``, accurate for small ``x``, differentiable to every order."""
from kusari.functions.math.trigonometric import _Unary


class Expm1(_Unary):
    _name = 'expm1'
    _retain = 'y'

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return grad_outputs[0] * (y + 1.0),


def expm1(x):
    """Elementwise exponential minus one, :math:`e^x - 1`.

    Keeps its relative precision where :math:`|x|` is tiny (``exp(x) - 1`` would cancel).

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.expm1(numpy.array([0., 1e-20])).array
    array([0.e+00, 1.e-20])
    """
    return Expm1().apply((x,))[0]
