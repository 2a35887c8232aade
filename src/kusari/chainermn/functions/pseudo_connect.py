"""pseudo_connect: tie an otherwise unconnected piece of graph to a delegate variable."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.variable import Variable


class PseudoConnect(FunctionNode):
    """``(delegate, *xs) -> xs``: the values pass through; backward gives the delegate a
    zero gradient of its own shape and the others their output gradients unchanged."""

    def forward(self, inputs):
        delegate = inputs[0]
        self._delegate_shape = delegate.shape
        self._delegate_dtype = delegate.dtype
        self._xp = backend.get_array_module(delegate)
        return tuple(inputs[1:])

    def backward(self, indexes, grad_outputs):
        gd = None
        if 0 in indexes:
            gd = Variable._new(self._xp.zeros(self._delegate_shape, self._delegate_dtype), True)
        return (gd,) + tuple(grad_outputs)


def pseudo_connect(delegate_variable, *actual_variables):
    """Return ``actual_variables`` unchanged, but reachable from ``delegate_variable``.

    In a model-parallel job each process holds pieces of graph that communication connects:
    :func:`send` returns an empty *delegate variable* whose backward receives the gradient
    from the peer. When a piece produces outputs and also sends, its outputs must be tied to
    that delegate, or backprop from the outputs would never run the send's backward (and the
    peer would wait forever). ``y, = pseudo_connect(delegate, y)`` makes ``y`` carry the
    delegate along: backprop from ``y`` reaches both ``y``'s own graph and the delegate's.

    Parameters
    ----------
    delegate_variable : Variable or None
        The delegate (from :func:`send`, or any variable of the other piece); None ties
        nothing.
    *actual_variables : Variable or array
        The values to return.

    Returns
    -------
    tuple of Variable
        The ``actual_variables``, one Variable each (same values, shapes and dtypes).

    The delegate gets a zero gradient; every other gradient passes through unchanged, so
    every order of derivative is exact.
    """
    if delegate_variable is None:
        xp = backend.get_array_module(*actual_variables)
        delegate_variable = xp.empty((0,), numpy.float32)
    return PseudoConnect().apply((delegate_variable,) + tuple(actual_variables))
