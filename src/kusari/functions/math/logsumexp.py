"""logsumexp: a numerically stable log-sum-exp reduction, differentiable to every order."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.math.sum import normalize_axis
from kusari.utils import force_array, type_check


def _logsumexp_array(x, axis, keepdims):
    """``log(sum(exp(x), axis))`` on raw arrays, shifted by the maximum (float16 in float32)."""
    xp = backend.get_array_module(x)
    dtype = x.dtype
    if dtype == numpy.float16:
        x = x.astype(numpy.float32)
    m = x.max(axis=axis, keepdims=True)
    # a slice that is all -inf (or holds +inf) is shifted by 0 so that no inf - inf appears
    m = xp.where(xp.isfinite(m), m, x.dtype.type(0))
    s = xp.exp(x - m).sum(axis=axis, keepdims=True)
    y = xp.log(s) + m
    if not keepdims:
        y = y.reshape([n for i, n in enumerate(y.shape)
                       if not (axis is None or i in axis)])
    return force_array(y, dtype)


def _expand(v, axis, ndim):
    """Reshape a reduced Variable back to ``ndim`` dims with 1 on the reduced axes."""
    from kusari.functions.array.reshape import reshape
    shape = list(v.shape)
    for a in range(ndim) if axis is None else axis:
        shape.insert(a, 1)
    return reshape(v, tuple(shape))


class LogSumExp(FunctionNode):
    def __init__(self, axis=None):
        if axis is not None and not isinstance(axis, (int, numpy.integer, tuple)):
            raise TypeError('None, int or tuple of int are required')
        self._axis_arg = axis

    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        x, = inputs
        self.axis = normalize_axis(self.label, self._axis_arg, x.ndim)
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        return _logsumexp_array(x, self.axis, False),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.exponential import exp
        x, = self.get_retained_inputs()
        y, = self.get_retained_outputs()
        gy, = grad_outputs
        y = _expand(y, self.axis, x.ndim)
        gy = _expand(gy, self.axis, x.ndim)
        # d logsumexp / dx = softmax(x) = exp(x - y); broadcasting does the expansion
        return gy * exp(x - y),


def logsumexp(x, axis=None):
    """Log-sum-exp over the given axes: :math:`\\log \\sum_i \\exp(x_i)`, computed stably.

    Parameters
    ----------
    x : Variable or array
        Input of any shape, float dtype.
    axis : None, int or tuple of ints
        The axes to reduce; None reduces all of them.

    Returns
    -------
    Variable
        ``x``'s shape without the reduced axes, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> float(F.logsumexp(numpy.log(numpy.ones(4, numpy.float32))).array)
    1.3862943649291992
    """
    return LogSumExp(axis).apply((x,))[0]
