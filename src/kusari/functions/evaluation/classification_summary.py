"""classification_summary, precision, recall, fbeta_score and f1_score (no gradient)."""
import numpy

from kusari import backend
from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.functions.evaluation._util import check_scores_and_labels


class ClassificationSummary(FunctionNode):
    """Per-class precision, recall, F-beta score and support of argmax predictions."""

    def __init__(self, label_num, beta, ignore_label):
        self.label_num = label_num
        self.beta = beta
        self.ignore_label = ignore_label

    def _check_data_type_forward(self, in_data):
        check_scores_and_labels(self.label, *in_data)

    def forward(self, inputs):
        y, t = inputs
        xp = backend.get_array_module(y)
        t = t.astype(numpy.int32, copy=False)
        if self.label_num is None:
            n = int(t.max()) + 1 if t.size else 0
        else:
            n = self.label_num
            if config.debug and not (t < n).all():
                raise ValueError('each label must be less than label_num={}'.format(n))
        ignored = (t == self.ignore_label).ravel()
        pred = xp.where(ignored, n, y.argmax(axis=1).ravel())
        true = xp.where(ignored, n, t.ravel())
        support = xp.bincount(true, minlength=n + 1)[:n]
        relevant = xp.bincount(pred, minlength=n + 1)[:n]
        tp = xp.bincount(xp.where(pred == true, true, n), minlength=n + 1)[:n]
        with numpy.errstate(divide='ignore', invalid='ignore'):
            precision = tp / relevant
            recall = tp / support
            b2 = self.beta * self.beta
            fbeta = (1 + b2) * precision * recall / (b2 * precision + recall)
        return precision, recall, fbeta.astype(precision.dtype, copy=False), support


def classification_summary(y, t, label_num=None, beta=1.0, ignore_label=-1):
    """Precision, recall, F-beta score and support of each class.

    The prediction is ``argmax(y, axis=1)``. For class ``c``: precision = true positives /
    predicted ``c``, recall = true positives / labelled ``c``, F-beta =
    :math:`(1 + \\beta^2) p r / (\\beta^2 p + r)` (NaN where a denominator is 0), support =
    the number labelled ``c``.

    Parameters
    ----------
    y : Variable or array
        Scores of shape ``(N, C, d_1, ..., d_k)``, float dtype.
    t : Variable or array
        Labels of shape ``(N, d_1, ..., d_k)``, signed integer dtype.
    label_num : int or None
        The number of classes; None uses ``max(t) + 1``.
    beta : float
        The weight of recall in the F-score.
    ignore_label : int
        Labels equal to it are left out.

    Returns
    -------
    tuple of Variable
        ``(precision, recall, fbeta, support)``, each of shape ``(label_num,)``; the first
        three float64 (as in Chainer), ``support`` integer. No gradient flows through them.
    """
    return ClassificationSummary(label_num, beta, ignore_label).apply((y, t))


def precision(y, t, label_num=None, ignore_label=-1):
    """Per-class precision and support: ``(precision, support)``; see
    :func:`classification_summary` for the arguments."""
    ret = classification_summary(y, t, label_num, 1.0, ignore_label)
    return ret[0], ret[-1]


def recall(y, t, label_num=None, ignore_label=-1):
    """Per-class recall and support: ``(recall, support)``; see
    :func:`classification_summary` for the arguments."""
    ret = classification_summary(y, t, label_num, 1.0, ignore_label)
    return ret[1], ret[-1]


def fbeta_score(y, t, label_num=None, beta=1.0, ignore_label=-1):
    """Per-class F-beta score and support: ``(fbeta, support)``; see
    :func:`classification_summary` for the arguments."""
    ret = classification_summary(y, t, label_num, beta, ignore_label)
    return ret[2], ret[-1]


def f1_score(y, t, label_num=None, ignore_label=-1):
    """Per-class F1 score and support: ``(f1, support)``; see
    :func:`classification_summary` for the arguments."""
    ret = classification_summary(y, t, label_num, 1.0, ignore_label)
    return ret[2], ret[-1]
