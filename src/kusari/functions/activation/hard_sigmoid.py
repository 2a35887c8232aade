"""hard_sigmoid: a piecewise-linear sigmoid, differentiable to every order (a.e.)."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


class HardSigmoid(FunctionNode):
    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        t = x * x.dtype.type(0.2) + x.dtype.type(0.5)
        # the slope, 0.2 inside (-2.5, 2.5) and 0 outside, is a constant of x
        self._coef = ((t > 0) & (t < 1)).astype(x.dtype) * x.dtype.type(0.2)
        return force_array(xp.clip(t, 0, 1), x.dtype),

    def backward(self, indexes, grad_outputs):
        return grad_outputs[0] * self._coef,


def hard_sigmoid(x):
    """Hard sigmoid: :math:`y = \\mathrm{clip}(0.2 x + 0.5, 0, 1)`, elementwise.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.hard_sigmoid(numpy.array([-3., 0., 3.], numpy.float32)).array
    array([0. , 0.5, 1. ], dtype=float32)
    """
    return HardSigmoid().apply((x,))[0]
