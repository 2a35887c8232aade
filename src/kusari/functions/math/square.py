"""square: elementwise, differentiable to every order."""
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


class Square(FunctionNode):
    """Elementwise square."""

    label = 'square'   # Chainer's label

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        return force_array(x * x),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * (x * 2.0),


def square(x):
    """Elementwise square :math:`x^2`.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    return Square().apply((x,))[0]
