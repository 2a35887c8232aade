"""r2_score: the coefficient of determination, composed of differentiable functions."""
from kusari.utils import type_check


def r2_score(pred, true, sample_weight=None, multioutput='uniform_average'):
    """Coefficient of determination :math:`R^2 = 1 - SS_{res} / SS_{tot}` along axis 0.

    :math:`SS_{res} = \\sum_i (pred_i - true_i)^2`, :math:`SS_{tot} = \\sum_i (true_i -
    \\overline{true})^2`; an output with :math:`SS_{tot} = 0` scores 0. Unlike Chainer's,
    the result is differentiable (to every order) in ``pred`` and ``true``.

    Parameters
    ----------
    pred : Variable or array
        Predictions of shape ``(N, ...)``, float dtype.
    true : Variable or array
        Targets, shape and dtype of ``pred``.
    sample_weight : None
        Not supported (must be None).
    multioutput : {'uniform_average', 'raw_values'}
        Average the scores of the outputs, or return each.

    Returns
    -------
    Variable
        0-d, or shape ``pred.shape[1:]`` for ``'raw_values'``; dtype of ``pred``.
    """
    from kusari.functions.array.where import where
    from kusari.functions.math.average import average
    from kusari.functions.math.sum import sum as _sum
    from kusari.variable import as_variable
    if sample_weight is not None:
        raise NotImplementedError('r2_score: sample_weight is not supported')
    if multioutput not in ('uniform_average', 'raw_values'):
        raise ValueError('invalid multioutput argument')
    label = 'R2_score'
    type_check.check_float(label, 'pred', pred)
    type_check.check_float(label, 'true', true)
    if pred.shape != true.shape:
        type_check.fail(label, 'pred.shape == true.shape', '{} != {}'.format(
            pred.shape, true.shape))
    pred, true = as_variable(pred), as_variable(true)
    diff = pred - true
    ss_res = _sum(diff * diff, axis=0)
    dev = true - average(true, axis=0, keepdims=True)
    ss_tot = _sum(dev * dev, axis=0)
    zero = ss_tot.array == 0
    ss_tot_safe = where(zero, ss_tot.dtype.type(1), ss_tot)
    ret = where(zero, ss_tot.dtype.type(0), 1.0 - ss_res / ss_tot_safe)
    if multioutput == 'uniform_average':
        return average(ret)
    return ret
