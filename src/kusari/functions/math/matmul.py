"""matmul (defined in basic_math) and the deprecated batch_matmul."""
import warnings

from kusari.functions.array.reshape import reshape
from kusari.functions.math.basic_math import MatMul, matmul  # noqa: F401 - Chainer's module
from kusari.utils import type_check


def batch_matmul(a, b, transa=False, transb=False):
    """Batched matrix products of two sets of matrices (deprecated: use :func:`matmul`).

    Parameters
    ----------
    a : Variable or array
        Shape ``(B, M, N)`` (``B`` matrices) or ``(B, N)`` (``B`` column vectors, i.e.
        ``(B, N, 1)``), float dtype.
    b : Variable or array
        Same convention as ``a``, ``a``'s dtype.
    transa : bool
        Transpose each matrix of ``a`` first.
    transb : bool
        Transpose each matrix of ``b`` first.

    Returns
    -------
    Variable
        The products, a 3-D array ``(B, rows of op(a), columns of op(b))``.
    """
    warnings.warn('batch_matmul is deprecated. Use matmul instead.', DeprecationWarning)
    label = 'BatchMatMul'
    for name, v in (('a', a), ('b', b)):
        type_check.check_float(label, name, v)
        if not 2 <= v.ndim <= 3:
            type_check.fail(label, '2 <= {}.ndim <= 3'.format(name),
                            '{}.ndim={}'.format(name, v.ndim))
    if a.dtype != b.dtype:
        type_check.fail(label, 'a.dtype == b.dtype', '{} != {}'.format(a.dtype, b.dtype))
    a3 = reshape(a, tuple(a.shape[:2]) + (-1,))
    b3 = reshape(b, tuple(b.shape[:2]) + (-1,))
    ka = a3.shape[1] if transa else a3.shape[2]
    kb = b3.shape[2] if transb else b3.shape[1]
    if ka != kb:
        type_check.fail(label, 'the inner sizes of op(a) and op(b) agree',
                        '{} != {} (a.shape={}, b.shape={})'.format(ka, kb, a.shape, b.shape))
    return MatMul(transa, transb).apply((a3, b3))[0]
