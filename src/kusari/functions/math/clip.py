"""clip: limit values to an interval, differentiable to every order (almost everywhere)."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


class Clip(FunctionNode):
    def __init__(self, x_min, x_max):
        if x_min is None and x_max is None:
            raise ValueError('must set either max or min')
        if x_min is not None and x_max is not None and x_min >= x_max:
            raise ValueError('x_min must be less than x_max.')
        self.x_min = x_min
        self.x_max = x_max

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        cond = None
        lo = hi = None
        if self.x_min is not None:
            lo = x.dtype.type(self.x_min)
            cond = x >= lo
        if self.x_max is not None:
            hi = x.dtype.type(self.x_max)
            cond = x <= hi if cond is None else cond & (x <= hi)
        # elements inside the interval pass the gradient: a constant (exact at every order)
        self._mask = force_array(cond.astype(x.dtype))
        return force_array(xp.clip(x, lo, hi), x.dtype),

    def backward(self, indexes, grad_outputs):
        return grad_outputs[0] * self._mask,


def clip(x, x_min, x_max):
    """Clip the elements of ``x`` to ``[x_min, x_max]``.

    The gradient is passed where ``x_min <= x <= x_max`` and is zero elsewhere.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.
    x_min : float or None
        The lower bound (None: no lower bound).
    x_max : float or None
        The upper bound (None: no upper bound); ``x_min < x_max``.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.clip(numpy.array([-2., 0.5, 2.]), -1.0, 1.0).array
    array([-1. ,  0.5,  1. ])
    """
    return Clip(x_min, x_max).apply((x,))[0]
