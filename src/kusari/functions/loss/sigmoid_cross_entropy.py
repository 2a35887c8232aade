"""sigmoid_cross_entropy: binary cross entropy on logits, differentiable to every order."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.loss._util import check_reduce
from kusari.utils import force_array, type_check


class SigmoidCrossEntropy(FunctionNode):
    """Binary cross entropy of ``sigmoid(x)`` and labels ``t`` in {0, 1} (-1 ignored)."""

    ignore_label = -1

    def __init__(self, normalize=True, reduce='mean'):
        check_reduce(reduce, ('mean', 'no'))
        self.normalize = normalize
        self.reduce = reduce

    def _check_data_type_forward(self, in_data):
        x, t = in_data
        label = self.label
        type_check.check_float(label, 'x', x)
        if t.dtype.kind != 'i':
            type_check.fail(label, "t.dtype.kind == 'i'", 't.dtype={}'.format(t.dtype))
        if x.shape != t.shape:
            type_check.fail(label, 'x.shape == t.shape', '{} != {}'.format(x.shape, t.shape))

    def forward(self, inputs):
        x, t = inputs
        xp = backend.get_array_module(x)
        self.retain_inputs((0,))
        xf = x.astype(numpy.float32) if x.dtype == numpy.float16 else x
        mask = t != self.ignore_label
        # -(t log s(x) + (1 - t) log(1 - s(x))) = log(1 + exp(-|x|)) - x (t - [x >= 0])
        loss = (xp.log1p(xp.exp(-abs(xf))) - xf * (t - (xf >= 0))) * mask
        scale = mask.astype(x.dtype)
        if self.reduce == 'mean':
            count = max(1, int(mask.sum())) if self.normalize else max(1, len(x))
            scale = scale * x.dtype.type(1.0 / count)
            y = force_array(loss.sum() / count, x.dtype)
        else:
            y = force_array(loss, x.dtype)
        self._t = t.astype(x.dtype)
        self._scale = scale
        return y,

    def backward(self, indexes, grad_outputs):
        from kusari.functions.activation.sigmoid import sigmoid
        x, = self.get_retained_inputs()
        gy, = grad_outputs
        return (sigmoid(x) - self._t) * (gy * self._scale), None


def sigmoid_cross_entropy(x, t, normalize=True, reduce='mean'):
    """Binary cross entropy between ``sigmoid(x)`` and binary labels ``t``.

    The loss of an element is :math:`-(t \\log \\sigma(x) + (1 - t) \\log(1 - \\sigma(x)))`,
    computed stably from ``x``; elements with ``t == -1`` are ignored.

    Parameters
    ----------
    x : Variable or array
        Logits of any shape, float dtype.
    t : Variable or array
        Integer labels of the shape of ``x``: 0, 1 or -1 (ignored).
    normalize : bool
        With ``reduce='mean'``: divide by the number of non-ignored labels (True) or by
        ``len(x)`` (False).
    reduce : {'mean', 'no'}
        A scalar loss, or one loss per element (ignored ones 0).

    Returns
    -------
    Variable
        The loss, dtype of ``x``.
    """
    return SigmoidCrossEntropy(normalize, reduce).apply((x, t))[0]
