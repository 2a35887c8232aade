"""The label checks shared by accuracy and classification_summary."""
from kusari.utils import type_check


def check_scores_and_labels(label, x, t):
    """``x`` float ``(N, C, d_1, ..., d_k, 1, ...)``, ``t`` integer ``(N, d_1, ..., d_k)``."""
    type_check.check_float(label, 'x', x)
    if t.dtype.kind != 'i':
        type_check.fail(label, "t.dtype.kind == 'i' (class labels: a signed integer dtype)",
                        't.dtype={}'.format(t.dtype))
    if x.ndim < t.ndim:
        type_check.fail(label, 'x.ndim >= t.ndim', '{} < {}'.format(x.ndim, t.ndim))
    if x.shape[0] != t.shape[0]:
        type_check.fail(label, 'x.shape[0] == t.shape[0]', '{} != {}'.format(
            x.shape[0], t.shape[0]))
    if x.shape[2:t.ndim + 1] != t.shape[1:]:
        type_check.fail(label, 'x.shape[2:t.ndim + 1] == t.shape[1:]', '{} != {}'.format(
            x.shape[2:t.ndim + 1], t.shape[1:]))
    for i in range(t.ndim + 1, x.ndim):
        if x.shape[i] != 1:
            type_check.fail(label, 'x.shape[{}] == 1'.format(i), 'x.shape={}'.format(x.shape))
