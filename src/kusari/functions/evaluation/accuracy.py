"""accuracy: the fraction of correct argmax predictions (no gradient)."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions._labels import check_labels
from kusari.functions.evaluation._util import check_scores_and_labels
from kusari.utils import _numba


@_numba.kernel
def _count_hits(pred, t, n_class, ignore, use_ignore, check):
    """``(hits, counted, any label out of range)`` of predicted classes ``pred`` and labels
    ``t`` (both (N,)) in one branch-free pass (a label read as unsigned is out of range
    when it is at least ``n_class``: negative ones included). ``check`` is always True but
    in ``benchmarks/losses.py``, which measures what the test costs."""
    hits = 0
    counted = 0
    bad = False
    top = numpy.uint64(n_class)
    for i in range(t.shape[0]):
        label = t[i]
        keep = not (use_ignore and label == ignore)
        valid = keep
        if check:
            out = numpy.uint64(label) >= top
            bad |= keep and out
            valid = keep and not out
        counted += valid
        hits += valid and pred[i] == label
    return hits, counted, bad


class Accuracy(FunctionNode):
    """Mean of ``argmax(y, axis=1) == t`` over the labels that are not ignored."""

    def __init__(self, ignore_label=None):
        self.ignore_label = ignore_label

    def _check_data_type_forward(self, in_data):
        check_scores_and_labels(self.label, *in_data)

    def forward(self, inputs):
        y, t = inputs
        xp = backend.get_array_module(y)
        if xp is numpy and y.ndim == 2 and t.ndim == 1 and _numba.enabled():
            return self._forward_kernel(y, t),
        pred = y.argmax(axis=1).reshape(t.shape)
        if self.ignore_label is None:
            check_labels('accuracy', t, y.shape[1])
            hits = pred == t
            if xp is numpy and t.size:     # count_nonzero: a fraction of mean()'s overhead
                return numpy.asarray(numpy.count_nonzero(hits) / t.size, y.dtype),
            return xp.asarray(hits.mean(dtype=y.dtype)),
        keep = t != self.ignore_label
        check_labels('accuracy', t, y.shape[1], self.ignore_label, xp.where(keep, t, 0))
        total = int(keep.sum())
        if total == 0:
            return xp.zeros((), y.dtype),
        count = int(((pred == t) & keep).sum())
        return xp.asarray(count / total, dtype=y.dtype),

    def _forward_kernel(self, y, t):
        """The NumPy path's result: NumPy's argmax, then one kernel call that tests the
        labels and counts (the label test costs about 1% of the function on a batch of 32,
        where a separate check cost 10%)."""
        ignore = self.ignore_label
        hits, counted, bad = _count_hits(y.argmax(axis=1), t, y.shape[1],
                                         0 if ignore is None else int(ignore),
                                         ignore is not None, True)
        if bad:   # the shared check raises with its message
            check_labels('accuracy', t, y.shape[1], ignore)
        if counted == 0:   # every label ignored: 0; no labels at all: NaN (NumPy's mean)
            return numpy.asarray(0.0 if ignore is not None else numpy.nan, y.dtype)
        return numpy.asarray(hits / counted, dtype=y.dtype)


def accuracy(y, t, ignore_label=None):
    """The fraction of examples whose highest score is at the true label.

    Parameters
    ----------
    y : Variable or array
        Scores of shape ``(N, C, d_1, ..., d_k)`` (trailing axes of size 1 allowed), float.
    t : Variable or array
        Class labels of shape ``(N, d_1, ..., d_k)``, signed integer dtype, each in
        ``[0, C)`` or equal to ``ignore_label``.
    ignore_label : int or None
        Labels equal to it count neither as right nor as wrong (0 when all are ignored).

    Returns
    -------
    Variable
        0-d, dtype of ``y``; no gradient flows through it.

    Raises
    ------
    ValueError
        If a label is neither in ``[0, C)`` nor ``ignore_label``: such a label can never be
        predicted, and Chainer counted it silently as a wrong prediction. With labels of -1
        for "no label", pass ``ignore_label=-1``.
    """
    return Accuracy(ignore_label=ignore_label).apply((y, t))[0]
