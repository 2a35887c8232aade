"""tanh: the hyperbolic tangent, differentiable to every order."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


class Tanh(FunctionNode):
    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        x, = inputs
        self.retain_outputs((0,))
        return force_array(backend.get_array_module(x).tanh(x)),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return TanhGrad().apply((y, grad_outputs[0]))


class TanhGrad(FunctionNode):
    """``gx = gy * (1 - y^2)`` in one pass, from ``(y, gy)``; exact to every order."""

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        y, gy = inputs
        return force_array(gy * (1 - y * y)),

    def backward(self, indexes, grad_outputs):
        y, gy = self.get_retained_inputs()
        ggx, = grad_outputs
        ret = []
        if 0 in indexes:
            ret.append(ggx * gy * y * -2.0)
        if 1 in indexes:
            ret.append(TanhGrad().apply((y, ggx))[0])
        return tuple(ret)


def tanh(x):
    """Elementwise hyperbolic tangent :math:`y = \\tanh(x)`.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.tanh(numpy.zeros(2, numpy.float32)).array
    array([0., 0.], dtype=float32)
    """
    return Tanh().apply((x,))[0]
