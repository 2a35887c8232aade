"""Losses of variational auto-encoders, composed of differentiable functions."""
import math

from kusari.functions.loss._util import check_reduce

_REDUCE = ('sum', 'mean', 'no')


def _reduce(loss, reduce):
    from kusari.functions.math.average import average
    from kusari.functions.math.sum import sum as _sum
    if reduce == 'sum':
        return _sum(loss)
    if reduce == 'mean':
        return average(loss)
    return loss


def gaussian_kl_divergence(mean, ln_var, reduce='sum'):
    """KL divergence of :math:`N(\\mu, \\sigma^2)` from :math:`N(0, 1)`, elementwise:
    :math:`\\frac12 (\\mu^2 + \\sigma^2 - \\log \\sigma^2 - 1)`.

    Parameters
    ----------
    mean : Variable or array
        :math:`\\mu`, any shape, float dtype.
    ln_var : Variable or array
        :math:`\\log \\sigma^2`, shape and dtype of ``mean``.
    reduce : {'sum', 'mean', 'no'}
        Sum, mean, or the elementwise values.

    Returns
    -------
    Variable
        0-d, or the shape of ``mean`` for ``'no'``; dtype of ``mean``.
    """
    from kusari.functions.math.exponential import exp
    check_reduce(reduce, _REDUCE)
    loss = (mean * mean + exp(ln_var) - ln_var - 1.0) * 0.5
    return _reduce(loss, reduce)


def bernoulli_nll(x, y, reduce='sum'):
    """Negative log-likelihood of ``x`` under Bernoulli distributions with logits ``y``:
    :math:`\\log(1 + e^{y}) - x y` elementwise.

    Parameters
    ----------
    x : Variable or array
        Observations in [0, 1], float dtype.
    y : Variable or array
        Logits (before the sigmoid), shape and dtype of ``x``.
    reduce : {'sum', 'mean', 'no'}
        Sum, mean, or the elementwise values.

    Returns
    -------
    Variable
        0-d, or the shape of ``x`` for ``'no'``.
    """
    from kusari.functions.activation.softplus import softplus
    check_reduce(reduce, _REDUCE)
    return _reduce(softplus(y) - x * y, reduce)


def gaussian_nll(x, mean, ln_var, reduce='sum'):
    """Negative log-likelihood of ``x`` under :math:`N(\\mu, \\sigma^2)`, elementwise:
    :math:`\\frac12 (\\log 2\\pi + \\log\\sigma^2) + \\frac{(x - \\mu)^2}{2 \\sigma^2}`.

    Parameters
    ----------
    x : Variable or array
        Observations, float dtype.
    mean : Variable or array
        :math:`\\mu`, shape and dtype of ``x``.
    ln_var : Variable or array
        :math:`\\log \\sigma^2`, shape and dtype of ``x``.
    reduce : {'sum', 'mean', 'no'}
        Sum, mean, or the elementwise values.

    Returns
    -------
    Variable
        0-d, or the shape of ``x`` for ``'no'``.
    """
    from kusari.functions.math.exponential import exp
    check_reduce(reduce, _REDUCE)
    diff = x - mean
    loss = (ln_var + math.log(2 * math.pi)) * 0.5 + diff * diff * exp(-ln_var) * 0.5
    return _reduce(loss, reduce)
