"""clipped_relu and relu6, differentiable to every order (almost everywhere)."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


class ClippedReLU(FunctionNode):
    def __init__(self, z):
        if not isinstance(z, float):
            raise TypeError('z must be float value')
        if not z > 0:
            raise AssertionError('z must be positive, got {}'.format(z))
        self.cap = z

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        self._mask = ((x > 0) & (x < self.cap)).astype(x.dtype)
        return force_array(xp.clip(x, 0, self.cap), x.dtype),

    def backward(self, indexes, grad_outputs):
        return grad_outputs[0] * self._mask,


def clipped_relu(x, z=20.0):
    """Clipped rectifier: :math:`y = \\min(\\max(0, x), z)`, elementwise.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.
    z : float
        The cap (a positive Python float).

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.clipped_relu(numpy.array([-1., 1., 30.], numpy.float32)).array
    array([ 0.,  1., 20.], dtype=float32)
    """
    return ClippedReLU(z).apply((x,))[0]


def relu6(x):
    """ReLU capped at 6: :math:`y = \\min(\\max(0, x), 6)`, as ``clipped_relu(x, 6.0)``.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.
    """
    return clipped_relu(x, 6.0)
