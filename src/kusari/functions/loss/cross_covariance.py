"""cross_covariance: the cross-covariance penalty between two sets of features, composed of
differentiable functions (every order of derivative is exact)."""
from kusari.functions.loss._util import check_reduce
from kusari.utils import type_check

_LABEL = 'CrossCovariance'


def _centered(v):
    from kusari.functions.math.average import mean
    return v - mean(v, axis=0, keepdims=True)


def cross_covariance(y, z, reduce='half_squared_sum'):
    """The cross-covariance of ``y`` and ``z`` over the batch, or half its squared
    Frobenius norm (Cheung et al., https://arxiv.org/abs/1412.6583, to disentangle
    features).

    :math:`C_{ij} = \\frac{1}{N} \\sum_n (y_{ni} - \\bar y_i)(z_{nj} - \\bar z_j)`.

    Parameters
    ----------
    y : Variable or array
        Shape ``(N, M)``, float dtype.
    z : Variable or array
        Shape ``(N, K)``, dtype of ``y``.
    reduce : {'half_squared_sum', 'no'}
        ``'half_squared_sum'`` returns :math:`\\frac12 \\sum_{ij} C_{ij}^2`, ``'no'``
        returns :math:`C`.

    Returns
    -------
    Variable
        A scalar, or ``(M, K)`` for ``reduce='no'``; dtype of ``y``.

    Raises
    ------
    ValueError
        For another ``reduce``.
    InvalidType
        If the inputs are not 2-D float arrays of one dtype and batch size.
    """
    check_reduce(reduce, ('half_squared_sum', 'no'))
    type_check.check_float(_LABEL, 'y', y)
    if y.dtype != z.dtype:
        type_check.fail(_LABEL, 'y.dtype == z.dtype', '{} != {}'.format(y.dtype, z.dtype))
    for name, v in (('y', y), ('z', z)):
        if v.ndim != 2:
            type_check.fail(_LABEL, '{}.ndim == 2'.format(name), '{}.ndim={}'.format(name, v.ndim))
    if y.shape[0] != z.shape[0]:
        type_check.fail(_LABEL, 'y.shape[0] == z.shape[0]',
                        '{} != {}'.format(y.shape[0], z.shape[0]))
    from kusari.functions.math.basic_math import matmul
    from kusari.functions.math.sum import sum as _sum
    cov = matmul(_centered(y), _centered(z), transa=True) * (1.0 / y.shape[0])
    if reduce == 'no':
        return cov
    return 0.5 * _sum(cov * cov)
