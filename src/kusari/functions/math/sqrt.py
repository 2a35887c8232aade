"""sqrt and rsqrt: elementwise, differentiable to every order."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


class Sqrt(FunctionNode):
    """Elementwise square root; its backward reuses the output."""

    label = 'sqrt'   # Chainer's label

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        self.retain_outputs((0,))
        x, = inputs
        return force_array(backend.get_array_module(x).sqrt(x)),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return grad_outputs[0] / (y * 2.0),


def sqrt(x):
    """Elementwise square root.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    return Sqrt().apply((x,))[0]


def rsqrt(x):
    """Elementwise reciprocal square root ``1 / sqrt(x)``; shape and dtype kept.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    return 1.0 / sqrt(x)
