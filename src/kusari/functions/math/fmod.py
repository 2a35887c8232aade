"""fmod: the elementwise remainder of a division, differentiable to every order (a.e.)."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.math.basic_math import _check_binary
from kusari.utils import force_array, type_check


class Fmod(FunctionNode):
    @property
    def label(self):
        return 'fmod'

    def _check_data_type_forward(self, in_data):
        x, divisor = in_data
        _check_binary(self.label, x, divisor, ('x', 'divisor'))
        type_check.check_float(self.label, 'x', x)

    def forward(self, inputs):
        x, divisor = inputs
        xp = backend.get_array_module(x)
        self._shapes = (x.shape, divisor.shape)
        # fmod(x, d) = x - trunc(x / d) * d; the quotient is piecewise constant
        self._quotient = force_array(xp.trunc(x / divisor), x.dtype)
        return force_array(xp.fmod(x, divisor), x.dtype),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.sum import sum_to
        gy, = grad_outputs
        ret = []
        for i in indexes:
            g = gy if i == 0 else gy * -self._quotient
            if g.shape != self._shapes[i]:
                g = sum_to(g, self._shapes[i])
            ret.append(g)
        return tuple(ret)


def fmod(x, divisor):
    """Elementwise remainder of ``x / divisor`` with the sign of ``x`` (C's ``fmod``).

    Parameters
    ----------
    x : Variable or array
        The dividend, float dtype.
    divisor : Variable or array
        The divisor, ``x``'s dtype and a shape broadcastable with ``x``.

    Returns
    -------
    Variable
        The broadcast shape, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.fmod(numpy.array([-3.5, 3.5]), numpy.array([2., 2.])).array
    array([-1.5,  1.5])
    """
    return Fmod().apply((x, divisor))[0]
