"""elu: the exponential linear unit, differentiable to every order (almost everywhere)."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


class ELU(FunctionNode):
    def __init__(self, alpha=1.0):
        self.alpha = float(alpha)

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        zero = x.dtype.type(0)
        y = xp.maximum(x, zero) + x.dtype.type(self.alpha) * xp.expm1(xp.minimum(x, zero))
        self._neg = (x < 0).astype(x.dtype)
        self.retain_outputs((0,))
        return force_array(y, x.dtype),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        neg = self._neg
        # dy/dx is 1 where x >= 0 and alpha * exp(x) = y + alpha where x < 0
        return grad_outputs[0] * (y * neg + (1.0 - neg + self.alpha * neg)),


def elu(x, alpha=1.0):
    """Exponential linear unit: :math:`y = x` for :math:`x \\ge 0`, else
    :math:`\\alpha (\\exp(x) - 1)`.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.
    alpha : float
        The scale :math:`\\alpha` of the negative part.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.elu(numpy.array([0., 2.], numpy.float32)).array
    array([0., 2.], dtype=float32)
    """
    return ELU(alpha=alpha).apply((x,))[0]
