"""crelu: the concatenated relu, differentiable to every order (almost everywhere)."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


class CReLU(FunctionNode):
    def __init__(self, axis=1):
        if not isinstance(axis, (int, numpy.integer)) or isinstance(axis, bool):
            raise TypeError('axis must be an integer value')
        self.axis = int(axis)

    def _check_data_type_forward(self, in_data):
        x = in_data[0]
        type_check.check_float(self.label, 'x', x)
        if not -x.ndim <= self.axis < x.ndim:
            type_check.fail(self.label, '-x.ndim <= axis < x.ndim',
                            'axis={}, x.ndim={}'.format(self.axis, x.ndim))

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        zero = x.dtype.type(0)
        self._pos = (x > 0).astype(x.dtype)
        self._neg = (x < 0).astype(x.dtype)
        self._n = x.shape[self.axis]
        return xp.concatenate([xp.maximum(x, zero), xp.maximum(-x, zero)], axis=self.axis),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.get_item import get_item
        gy, = grad_outputs
        axis = self.axis % gy.ndim
        lead = (slice(None),) * axis
        n = self._n
        return (get_item(gy, lead + (slice(0, n),)) * self._pos
                - get_item(gy, lead + (slice(n, 2 * n),)) * self._neg),


def crelu(x, axis=1):
    """Concatenated ReLU: :math:`y = (\\mathrm{relu}(x), \\mathrm{relu}(-x))` along ``axis``.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(s_1, ..., s_N)``, float dtype.
    axis : int
        The axis along which the two halves are concatenated.

    Returns
    -------
    Variable
        ``x``'s shape with ``s_axis`` doubled, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.crelu(numpy.array([[-1., 2.]], numpy.float32)).array
    array([[0., 2., 1., 0.]], dtype=float32)
    """
    return CReLU(axis=axis).apply((x,))[0]
