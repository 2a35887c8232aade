"""arctanh: elementwise inverse hyperbolic tangent, differentiable to every order."""
from kusari.functions.math.trigonometric import _Unary


class Arctanh(_Unary):
    """:math:`y = \\operatorname{artanh}(x)`; :math:`dy/dx = 1 / (1 - x^2)`."""

    _name = 'arctanh'
    label = 'Arctanh'   # Chainer's label (its other inverse functions are lower case)

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] / (1.0 - x * x),


def arctanh(x):
    """Elementwise inverse hyperbolic tangent.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype, values in ``(-1, 1)`` (``±1`` give ``±inf``,
        beyond them NaN).

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.arctanh(numpy.array([0., 0.5])).array
    array([0.        , 0.54930614])
    """
    return Arctanh().apply((x,))[0]
