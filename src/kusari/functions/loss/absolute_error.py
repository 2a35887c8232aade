"""absolute_error: elementwise ``|x0 - x1|`` (zero second derivative where it exists)."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.loss._util import check_pair
from kusari.utils import force_array


class AbsoluteError(FunctionNode):
    """``|x0 - x1|``."""

    def _check_data_type_forward(self, in_data):
        check_pair(self.label, in_data[0], in_data[1], ('x0', 'x1'))

    def forward(self, inputs):
        x0, x1 = inputs
        diff = x0 - x1
        self._sign = backend.get_array_module(diff).sign(diff)
        return force_array(abs(diff), x0.dtype),

    def backward(self, indexes, grad_outputs):
        gx0 = grad_outputs[0] * self._sign
        return tuple(gx0 if i == 0 else -gx0 for i in indexes)


def absolute_error(x0, x1):
    """Elementwise absolute error :math:`|x_0 - x_1|`.

    Parameters
    ----------
    x0, x1 : Variable or array
        Inputs of one shape and float dtype.

    Returns
    -------
    Variable
        Shape and dtype of the inputs. The gradient at ``x0 == x1`` is taken as 0.
    """
    return AbsoluteError().apply((x0, x1))[0]
