"""select_item: ``y[i] = x[i, t[i]]``; its gradient scatters back (every order)."""
from kusari import backend
from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.utils import type_check


class SelectItem(FunctionNode):
    """Pick one element per row: ``y[i] = x[i, t[i]]``."""

    def _check_data_type_forward(self, in_data):
        x, t = in_data
        label = self.label
        if t.dtype.kind != 'i':
            type_check.fail(label, "t.dtype.kind == 'i'", 't.dtype={}'.format(t.dtype))
        if x.ndim != 2:
            type_check.fail(label, 'x.ndim == 2', 'x.ndim={}'.format(x.ndim))
        if t.ndim != 1:
            type_check.fail(label, 't.ndim == 1', 't.ndim={}'.format(t.ndim))
        if x.shape[0] != t.shape[0]:
            type_check.fail(label, 'x.shape[0] == t.shape[0]',
                            '{} != {}'.format(x.shape[0], t.shape[0]))

    def forward(self, inputs):
        x, t = inputs
        xp = backend.get_array_module(x)
        if config.debug and not ((0 <= t) & (t < x.shape[1])).all():
            raise ValueError('Each label `t` need to satisfy `0 <= t < x.shape[1]`')
        self._t = t
        self._x_shape = x.shape
        return x[xp.arange(t.size), t],

    def backward(self, indexes, grad_outputs):
        ret = []
        if 0 in indexes:
            ret.append(_SelectItemGrad(self._t, self._x_shape).apply(grad_outputs)[0])
        if 1 in indexes:
            ret.append(None)
        return tuple(ret)


class _SelectItemGrad(FunctionNode):
    """Scatter ``gy[i]`` to ``(i, t[i])`` of a zero ``x.shape`` array; backward selects."""

    def __init__(self, t, shape):
        self._t = t
        self._shape = shape

    def forward(self, inputs):
        gy, = inputs
        xp = backend.get_array_module(gy)
        gx = xp.zeros(self._shape, gy.dtype)
        gx[xp.arange(self._t.size), self._t] = gy
        return gx,

    def backward(self, indexes, grad_outputs):
        return SelectItem().apply((grad_outputs[0], self._t))[0],


def select_item(x, t):
    """Select one element from each row: ``y[i] = x[i, t[i]]``.

    Parameters
    ----------
    x : Variable or array
        Shape ``(B, N)``.
    t : Variable or array
        Shape ``(B,)``, signed integer dtype, values in ``[0, N)`` (checked in debug mode).

    Returns
    -------
    Variable
        Shape ``(B,)``, dtype of ``x``.
    """
    return SelectItem().apply((x, t))[0]
