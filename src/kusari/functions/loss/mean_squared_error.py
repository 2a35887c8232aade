"""mean_squared_error, differentiable to every order."""
import numpy

from kusari.function_node import FunctionNode
from kusari.functions.loss._util import check_pair
from kusari.utils import force_array


class MeanSquaredError(FunctionNode):
    """``mean((x0 - x1) ** 2)``."""

    def _check_data_type_forward(self, in_data):
        check_pair(self.label, in_data[0], in_data[1], ('x0', 'x1'))

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x0, x1 = inputs
        diff = (x0 - x1).ravel()
        if diff.dtype == numpy.float16:
            diff = diff.astype(numpy.float32)
        return force_array(diff.dot(diff) / max(diff.size, 1), x0.dtype),

    def backward(self, indexes, grad_outputs):
        x0, x1 = self.get_retained_inputs()
        gy, = grad_outputs
        gx0 = (x0 - x1) * (gy * (2.0 / max(x0.size, 1)))
        return tuple(gx0 if i == 0 else -gx0 for i in indexes)


def mean_squared_error(x0, x1):
    """Mean squared error: :math:`\\frac{1}{n} \\sum_i (x_{0i} - x_{1i})^2`.

    Parameters
    ----------
    x0, x1 : Variable or array
        Inputs of one shape and float dtype.

    Returns
    -------
    Variable
        A 0-d loss, dtype of the inputs.
    """
    return MeanSquaredError().apply((x0, x1))[0]
