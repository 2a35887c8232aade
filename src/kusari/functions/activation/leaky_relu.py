"""leaky_relu, differentiable to every order (almost everywhere)."""
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


class LeakyReLU(FunctionNode):
    def __init__(self, slope=0.2):
        self.slope = slope

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        x, = inputs
        neg = (x < 0).astype(x.dtype)
        # the slope of each element is a constant of x: exact at every order
        # (mask arithmetic, exact for 0/1 masks, is several times faster than where)
        self._coef = neg * x.dtype.type(self.slope - 1.0) + x.dtype.type(1)
        return force_array(x * self._coef),

    def backward(self, indexes, grad_outputs):
        return grad_outputs[0] * self._coef,


def leaky_relu(x, slope=0.2):
    """Leaky rectified linear unit: :math:`y = x` for :math:`x \\ge 0`, else ``slope * x``.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.
    slope : float
        The slope for negative inputs.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.leaky_relu(numpy.array([-1., 2.], numpy.float32)).array
    array([-0.2,  2. ], dtype=float32)
    """
    return LeakyReLU(slope).apply((x,))[0]
