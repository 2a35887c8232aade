"""binary_accuracy: the fraction of correct sign predictions (no gradient)."""
from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


class BinaryAccuracy(FunctionNode):
    """``sum((y >= 0) == t) / max(1, count(t != -1))``."""

    ignore_label = -1

    def _check_data_type_forward(self, in_data):
        y, t = in_data
        label = self.label
        type_check.check_float(label, 'x', y)
        if t.dtype.kind != 'i':
            type_check.fail(label, "t.dtype.kind == 'i'", 't.dtype={}'.format(t.dtype))
        if t.shape != y.shape:
            type_check.fail(label, 't.shape == x.shape', '{} != {}'.format(t.shape, y.shape))

    def forward(self, inputs):
        y, t = inputs
        xp = backend.get_array_module(y)
        count = max(1, int((t != self.ignore_label).sum()))
        right = int(((y >= 0) == t).sum())
        return xp.asarray(right / count, dtype=y.dtype),


def binary_accuracy(y, t):
    """Accuracy of binary predictions: ``y >= 0`` is class 1; labels -1 are ignored.

    Parameters
    ----------
    y : Variable or array
        Logits of any shape, float dtype.
    t : Variable or array
        Labels 0, 1 or -1 of the shape of ``y``, signed integer dtype.

    Returns
    -------
    Variable
        0-d, dtype of ``y``; no gradient flows through it.
    """
    return BinaryAccuracy().apply((y, t))[0]
