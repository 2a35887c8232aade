"""relu: the rectified linear unit, differentiable to every order (almost everywhere)."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


class ReLU(FunctionNode):
    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        self.retain_outputs((0,))
        return force_array(xp.maximum(x, x.dtype.type(0))),

    def backward(self, indexes, grad_outputs):
        y = self.output_data[0]
        # the mask has a zero derivative: keeping it as a constant is exact at every order
        return grad_outputs[0] * (y > 0).astype(y.dtype),


def relu(x):
    """Rectified linear unit :math:`y = \\max(0, x)`, elementwise.

    The derivative at ``x = 0`` is taken as 0, as in Chainer.

    Parameters
    ----------
    x : Variable or array
        Input of any shape ``(s_1, ..., s_N)``, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.relu(numpy.array([-1., 2.], numpy.float32)).array
    array([0., 2.], dtype=float32)
    """
    return ReLU().apply((x,))[0]
