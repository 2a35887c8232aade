"""softplus: a smooth relu, differentiable to every order."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


class Softplus(FunctionNode):
    def __init__(self, beta=1.0):
        self.beta = float(beta)
        self.beta_inv = 1.0 / self.beta

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        self.retain_inputs((0,))
        bx = x * x.dtype.type(self.beta)
        # log(1 + exp(t)) = max(t, 0) + log1p(exp(-|t|)): no overflow, no cancellation
        y = xp.maximum(bx, x.dtype.type(0)) + xp.log1p(xp.exp(-abs(bx)))
        return force_array(y * x.dtype.type(self.beta_inv), x.dtype),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.activation.sigmoid import sigmoid
        x, = self.get_retained_inputs()
        return grad_outputs[0] * sigmoid(x * self.beta),


def softplus(x, beta=1.0):
    """Elementwise softplus :math:`y = \\log(1 + \\exp(\\beta x)) / \\beta`.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.
    beta : float
        The sharpness :math:`\\beta`; large values approach :func:`relu`.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.softplus(numpy.zeros(1, numpy.float32)).array
    array([0.6931472], dtype=float32)
    """
    return Softplus(beta=beta).apply((x,))[0]
