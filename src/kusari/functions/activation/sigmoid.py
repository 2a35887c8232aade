"""sigmoid: the logistic function, differentiable to every order."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


def _sigmoid_array(x):
    # with e = exp(-|x|) in (0, 1]: 1 / (1 + e) for x >= 0 and e / (1 + e) below, so that
    # neither tail loses its relative precision (tanh(x / 2) / 2 + 1 / 2 gives 0 at x = -40)
    xp = backend.get_array_module(x)
    e = xp.exp(-abs(x))
    r = x.dtype.type(1) / (e + x.dtype.type(1))
    return force_array(xp.where(x >= 0, r, e * r))


class Sigmoid(FunctionNode):
    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        x, = inputs
        self.retain_outputs((0,))
        return _sigmoid_array(x),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return SigmoidGrad().apply((y, grad_outputs[0]))


class SigmoidGrad(FunctionNode):
    """``gx = gy * y * (1 - y)`` in one pass, from ``(y, gy)``; exact to every order."""

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        y, gy = inputs
        return force_array(gy * y * (1 - y)),

    def backward(self, indexes, grad_outputs):
        y, gy = self.get_retained_inputs()
        ggx, = grad_outputs
        ret = []
        if 0 in indexes:
            ret.append(ggx * gy * (1.0 - 2.0 * y))
        if 1 in indexes:
            ret.append(SigmoidGrad().apply((y, ggx))[0])
        return tuple(ret)


def sigmoid(x):
    """Elementwise logistic sigmoid :math:`y = 1 / (1 + \\exp(-x))`.

    Computed from :math:`e = \\exp(-|x|)` as :math:`1 / (1 + e)` for :math:`x \\ge 0` and
    :math:`e / (1 + e)` below: nothing overflows, and both tails keep their relative
    precision (:math:`\\sigma(-40) \\approx 4.25 \\times 10^{-18}`). The gradient
    :math:`y (1 - y)` is computed from the output, so for large positive :math:`x`, where
    :math:`y` rounds to 1, it is 0 rather than :math:`e^{-x}` (as in Chainer).

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``, values in ``[0, 1]``.

    >>> import numpy, kusari.functions as F
    >>> F.sigmoid(numpy.zeros(2, numpy.float32)).array
    array([0.5, 0.5], dtype=float32)
    """
    return Sigmoid().apply((x,))[0]
