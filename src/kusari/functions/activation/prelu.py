"""prelu: the parametric leaky relu, differentiable to every order (almost everywhere)."""
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


def _extended_shape(w_shape, x_ndim):
    return (1,) + tuple(w_shape) + (1,) * (x_ndim - len(w_shape) - 1)


class PReLUFunction(FunctionNode):
    def _check_data_type_forward(self, in_data):
        x, W = in_data
        label = self.label
        type_check.check_float(label, 'x', x)
        if W.dtype != x.dtype:
            type_check.fail(label, 'W.dtype == x.dtype', '{} != {}'.format(W.dtype, x.dtype))
        if x.ndim < W.ndim + 1 or x.shape[1:1 + W.ndim] != W.shape:
            type_check.fail(label, 'x.shape[1:1 + W.ndim] == W.shape',
                            'x.shape={}, W.shape={}'.format(x.shape, W.shape))

    def forward(self, inputs):
        x, W = inputs
        self.retain_inputs((0, 1))
        neg = self._neg = (x < 0).astype(x.dtype)
        w = W.reshape(_extended_shape(W.shape, x.ndim))
        # x * (pos + neg * w) is exact for 0/1 masks and faster than where
        return force_array(x * ((x.dtype.type(1) - neg) + neg * w), x.dtype),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.reshape import reshape
        from kusari.functions.math.sum import sum_to
        x, W = self.get_retained_inputs()
        gy, = grad_outputs
        neg = self._neg
        ext = _extended_shape(W.shape, x.ndim)
        gy_neg = gy * neg
        ret = []
        if 0 in indexes:
            ret.append(gy * (1.0 - neg) + gy_neg * reshape(W, ext))
        if 1 in indexes:
            ret.append(reshape(sum_to(gy_neg * x, ext), W.shape))
        return tuple(ret)


def prelu(x, W):
    """Parametric ReLU: :math:`y = x` for :math:`x \\ge 0`, else :math:`W x`.

    ``W`` is broadcast along the first axis of ``x`` (the batch) and its trailing axes.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(B, *W.shape, S_1, ..., S_N)``, float dtype.
    W : Variable or array
        The slopes, of shape ``x.shape[1:1 + W.ndim]`` and ``x``'s dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.array([[-1., 1.]], numpy.float32)
    >>> F.prelu(x, numpy.array([0.1, 0.1], numpy.float32)).array
    array([[-0.1,  1. ]], dtype=float32)
    """
    return PReLUFunction().apply((x, W))[0]
