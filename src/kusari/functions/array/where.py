"""where: choose elements from ``x`` or ``y`` by a condition (broadcasting, every order)."""
import numbers

import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check
from kusari.variable import Variable


class Where(FunctionNode):
    """``numpy.where(condition, x, y)`` with a constant boolean ``condition``.

    The condition is moved to the device of ``x`` and ``y`` in :meth:`forward`.
    """

    def __init__(self, condition):
        self.condition = condition

    def _check_data_type_forward(self, in_data):
        x, y = in_data
        c = self.condition
        label = self.label
        if c.dtype != numpy.bool_:
            type_check.fail(label, 'condition.dtype == bool', 'condition.dtype={}'.format(
                c.dtype))
        if x.dtype != y.dtype:
            type_check.fail(label, 'x.dtype == y.dtype', '{} != {}'.format(x.dtype, y.dtype))
        try:
            numpy.broadcast_shapes(c.shape, x.shape, y.shape)
        except ValueError:
            type_check.fail(label, 'condition.shape, x.shape, y.shape can be broadcast',
                            '{}, {}, {}'.format(c.shape, x.shape, y.shape))

    def forward(self, inputs):
        x, y = inputs
        self._shapes = (x.shape, y.shape)
        xp = backend.get_array_module(x)
        # a NumPy condition with CuPy operands goes to their GPU (kept for the backward)
        self.condition = xp.asarray(self.condition)
        return force_array(xp.where(self.condition, x, y)),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.sum import sum_to
        g, = grad_outputs
        zero = g.xp.zeros((), g.dtype)
        ret = []
        for i in indexes:
            pair = (g, zero) if i == 0 else (zero, g)
            ret.append(sum_to(Where(self.condition).apply(pair)[0], self._shapes[i]))
        return tuple(ret)


def where(condition, x, y):
    """Elementwise ``x if condition else y``, broadcasting the three operands.

    Parameters
    ----------
    condition : Variable or array
        Boolean array.
    x, y : Variable, array or scalar
        The values, of one dtype (a Python scalar takes the other operand's dtype).

    Returns
    -------
    Variable
        The broadcast shape of the operands, dtype of ``x`` and ``y``.
    """
    if isinstance(condition, Variable):
        condition = condition.array
    condition = force_array(condition)
    xp = backend.get_array_module(x, y)
    if isinstance(x, numbers.Number) and not isinstance(y, numbers.Number):
        x = xp.asarray(x, dtype=y.dtype)
    elif isinstance(y, numbers.Number) and not isinstance(x, numbers.Number):
        y = xp.asarray(y, dtype=x.dtype)
    return Where(condition).apply((x, y))[0]
