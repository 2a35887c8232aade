"""cast: change the dtype; the gradient is cast back."""
import numpy

from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.variable import as_variable


class Cast(FunctionNode):
    """Cast to a dtype; the gradient is cast back (none flows to integer inputs)."""

    def __init__(self, typ):
        self.type = numpy.dtype(typ)

    def forward(self, inputs):
        x, = inputs
        self._in_type = x.dtype
        return x.astype(self.type, copy=False),

    def backward(self, indexes, grad_outputs):
        if self._in_type.kind != 'f':  # no gradient flows back to integers (as in Chainer)
            return None,
        return cast(grad_outputs[0], self._in_type),


def cast(x, typ):
    """Cast ``x`` to dtype ``typ``.

    When ``x`` already has dtype ``typ``, the result is a new Variable connected to ``x`` (or
    ``x`` itself as a Variable when backprop is disabled), as in Chainer.

    Parameters
    ----------
    x : Variable or array
        Input of any shape.
    typ : dtype
        The target dtype.

    Returns
    -------
    Variable
        Same shape as ``x``, dtype ``typ``.
    """
    if x.dtype == numpy.dtype(typ) and not config.enable_backprop:
        return as_variable(x)
    return Cast(typ).apply((x,))[0]
