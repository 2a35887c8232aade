"""sinh and cosh: elementwise, differentiable to every order (each is the other's derivative)."""
from kusari.functions.math.trigonometric import _Unary


class Sinh(_Unary):
    _name = 'sinh'

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * cosh(x),


class Cosh(_Unary):
    _name = 'cosh'

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * sinh(x),


def sinh(x):
    """Elementwise hyperbolic sine.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    return Sinh().apply((x,))[0]


def cosh(x):
    """Elementwise hyperbolic cosine.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    return Cosh().apply((x,))[0]
