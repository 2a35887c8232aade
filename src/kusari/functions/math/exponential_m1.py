"""expm1: elementwise ``exp(x) - 1``, accurate for small ``x``, differentiable to every order."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


class Expm1(FunctionNode):
    @property
    def label(self):
        return 'expm1'

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        self.retain_outputs((0,))
        x, = inputs
        return force_array(backend.get_array_module(x).expm1(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return grad_outputs[0] * (y + 1.0),


def expm1(x):
    """Elementwise exponential minus one, :math:`e^x - 1`.

    Keeps its relative precision where :math:`|x|` is tiny (``exp(x) - 1`` would cancel).

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.expm1(numpy.array([0., 1e-20])).array
    array([0.e+00, 1.e-20])
    """
    return Expm1().apply((x,))[0]
