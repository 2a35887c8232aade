"""sigmoid: the logistic function, differentiable to every order."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


def _sigmoid_array(x):
    # tanh never overflows: stable for every x, no branch needed
    half = x.dtype.type(0.5)
    return force_array(backend.get_array_module(x).tanh(x * half) * half + half)


class Sigmoid(FunctionNode):
    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        x, = inputs
        self.retain_outputs((0,))
        return _sigmoid_array(x),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return SigmoidGrad().apply((y, grad_outputs[0]))


class SigmoidGrad(FunctionNode):
    """``gx = gy * y * (1 - y)`` in one pass, from ``(y, gy)``; exact to every order."""

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        y, gy = inputs
        return force_array(gy * y * (1 - y)),

    def backward(self, indexes, grad_outputs):
        y, gy = self.get_retained_inputs()
        ggx, = grad_outputs
        ret = []
        if 0 in indexes:
            ret.append(ggx * gy * (1.0 - 2.0 * y))
        if 1 in indexes:
            ret.append(SigmoidGrad().apply((y, ggx))[0])
        return tuple(ret)


def sigmoid(x):
    """Elementwise logistic sigmoid :math:`y = 1 / (1 + \\exp(-x))`.

    Computed as :math:`(\\tanh(x/2) + 1) / 2`, which neither overflows nor loses precision
    for large :math:`|x|`.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``, values in ``[0, 1]``.

    >>> import numpy, kusari.functions as F
    >>> F.sigmoid(numpy.zeros(2, numpy.float32)).array
    array([0.5, 0.5], dtype=float32)
    """
    return Sigmoid().apply((x,))[0]
