"""mean_absolute_error (the second derivative is zero wherever it exists)."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.loss._util import check_pair
from kusari.utils import force_array


class MeanAbsoluteError(FunctionNode):
    """``mean(|x0 - x1|)``."""

    def _check_data_type_forward(self, in_data):
        check_pair(self.label, in_data[0], in_data[1], ('x0', 'x1'))

    def forward(self, inputs):
        x0, x1 = inputs
        diff = x0 - x1
        self._sign = backend.get_array_module(diff).sign(diff)
        acc = numpy.float32 if diff.dtype == numpy.float16 else None
        return force_array(abs(diff).sum(dtype=acc) / max(diff.size, 1), x0.dtype),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        gx0 = (gy * (1.0 / max(self._sign.size, 1))) * self._sign
        return tuple(gx0 if i == 0 else -gx0 for i in indexes)


def mean_absolute_error(x0, x1):
    """Mean absolute error: :math:`\\frac{1}{n} \\sum_i |x_{0i} - x_{1i}|`.

    Parameters
    ----------
    x0, x1 : Variable or array
        Inputs of one shape and float dtype.

    Returns
    -------
    Variable
        A 0-d loss, dtype of the inputs. The gradient at ``x0 == x1`` is taken as 0.
    """
    return MeanAbsoluteError().apply((x0, x1))[0]
