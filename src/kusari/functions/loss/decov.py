"""decov: the DeCov penalty on the covariance of hidden units, composed of differentiable
functions (every order of derivative is exact)."""
from kusari.functions.loss._util import check_reduce
from kusari.utils import type_check

_LABEL = 'DeCov'


def decov(h, reduce='half_squared_sum'):
    """The DeCov loss (Cogswell et al., https://arxiv.org/abs/1511.06068): the covariance of
    the units of ``h`` over the batch with its diagonal removed, or half its squared
    Frobenius norm.

    :math:`C_{ij} = \\frac{1}{N} \\sum_n (h_{ni} - \\bar h_i)(h_{nj} - \\bar h_j)` for
    :math:`i \\ne j`, :math:`C_{ii} = 0`.

    Parameters
    ----------
    h : Variable or array
        Shape ``(N, M)``, float dtype.
    reduce : {'half_squared_sum', 'no'}
        ``'half_squared_sum'`` returns :math:`\\frac12 \\sum_{ij} C_{ij}^2`, ``'no'``
        returns :math:`C`.

    Returns
    -------
    Variable
        A scalar, or ``(M, M)`` for ``reduce='no'``; dtype of ``h``.

    Raises
    ------
    ValueError
        For another ``reduce``.
    InvalidType
        If ``h`` is not a 2-D float array.
    """
    check_reduce(reduce, ('half_squared_sum', 'no'))
    type_check.check_float(_LABEL, 'h', h)
    if h.ndim != 2:
        type_check.fail(_LABEL, 'h.ndim == 2', 'h.ndim={}'.format(h.ndim))
    from kusari import backend
    from kusari.functions.math.average import mean
    from kusari.functions.math.basic_math import matmul
    from kusari.functions.math.sum import sum as _sum
    xp = backend.get_array_module(h)
    centered = h - mean(h, axis=0, keepdims=True)
    m = h.shape[1]
    off_diagonal = (1 - xp.eye(m, dtype=h.dtype)) * h.dtype.type(1.0 / h.shape[0])
    cov = matmul(centered, centered, transa=True) * off_diagonal
    if reduce == 'no':
        return cov
    return 0.5 * _sum(cov * cov)
