"""squared_error: elementwise ``(x0 - x1) ** 2``, differentiable to every order."""
from kusari.function_node import FunctionNode
from kusari.functions.loss._util import check_pair
from kusari.utils import force_array


class SquaredError(FunctionNode):
    """``(x0 - x1) ** 2``."""

    def _check_data_type_forward(self, in_data):
        check_pair(self.label, in_data[0], in_data[1], ('x0', 'x1'))

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x0, x1 = inputs
        diff = x0 - x1
        return force_array(diff * diff, x0.dtype),

    def backward(self, indexes, grad_outputs):
        x0, x1 = self.get_retained_inputs()
        gx0 = grad_outputs[0] * 2.0 * (x0 - x1)
        return tuple(gx0 if i == 0 else -gx0 for i in indexes)


def squared_error(x0, x1):
    """Elementwise squared error :math:`(x_0 - x_1)^2`.

    Parameters
    ----------
    x0, x1 : Variable or array
        Inputs of one shape and float dtype.

    Returns
    -------
    Variable
        Shape and dtype of the inputs.
    """
    return SquaredError().apply((x0, x1))[0]


def squared_difference(x1, x2):
    """Elementwise :math:`(x_1 - x_2)^2`, the same as :func:`squared_error`.

    Parameters
    ----------
    x1, x2 : Variable or array
        Inputs of one shape and float dtype.

    Returns
    -------
    Variable
        Shape and dtype of the inputs.
    """
    return squared_error(x1, x2)
