"""maximum: the elementwise maximum of two inputs, differentiable to every order (a.e.)."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.math.basic_math import _check_binary
from kusari.utils import force_array, type_check


class _Extremum(FunctionNode):
    """The elementwise maximum or minimum; ties send the gradient to ``x1``."""

    _name = None

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x1', in_data[0])
        _check_binary(self.label, in_data[0], in_data[1], ('x1', 'x2'))

    def forward(self, inputs):
        x1, x2 = inputs
        xp = backend.get_array_module(x1)
        self._shapes = (x1.shape, x2.shape)
        cond = x1 >= x2 if self._name == 'maximum' else x1 <= x2
        y = getattr(xp, self._name)(x1, x2)
        # which input wins at each element: a constant (exact at every order)
        self._cond = force_array(cond.astype(y.dtype))
        return force_array(y),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.sum import sum_to
        gy, = grad_outputs
        cond = self._cond
        ret = []
        for i in indexes:
            g = gy * cond if i == 0 else gy * (1.0 - cond)
            if g.shape != self._shapes[i]:
                g = sum_to(g, self._shapes[i])
            ret.append(g)
        return tuple(ret)


class Maximum(_Extremum):
    _name = 'maximum'


def maximum(x1, x2):
    """Elementwise maximum of two inputs (broadcast together).

    Where ``x1 == x2`` the gradient goes to ``x1``.

    Parameters
    ----------
    x1, x2 : Variable or array
        Inputs of one float dtype and broadcastable shapes.

    Returns
    -------
    Variable
        The broadcast shape, dtype of the inputs.

    >>> import numpy, kusari.functions as F
    >>> F.maximum(numpy.array([1., 4.]), numpy.array([3., 2.])).array
    array([3., 4.])
    """
    return Maximum().apply((x1, x2))[0]
