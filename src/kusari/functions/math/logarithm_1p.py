"""log1p: elementwise ``log(1 + x)``, accurate for small ``x``, differentiable to every order."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


class Log1p(FunctionNode):
    @property
    def label(self):
        return 'log1p'

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        return force_array(backend.get_array_module(x).log1p(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] / (x + 1.0),


def log1p(x):
    """Elementwise natural logarithm of one plus the input, :math:`\\log(1 + x)`.

    Keeps its relative precision where :math:`|x|` is tiny (``log(1 + x)`` would round
    ``1 + x`` first).

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype, :math:`x > -1`.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.log1p(numpy.array([0., 1e-20])).array
    array([0.e+00, 1.e-20])
    """
    return Log1p().apply((x,))[0]
