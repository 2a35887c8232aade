"""bilinear: ``y_l = e1^T W_l e2 (+ V1^T e1 + V2^T e2 + b)``, as a composition of matmuls
(so it is differentiable to every order)."""
from kusari.utils import type_check

_LABEL = 'BilinearFunction'


def _prod(t):
    n = 1
    for v in t:
        n *= v
    return n


def _check(e1, e2, W, V1, V2, b):
    def expect(ok, expect, actual):
        if not ok:
            type_check.fail(_LABEL, expect, actual)

    expect(e1.dtype.kind == 'f', "e1.dtype.kind == 'f'", 'e1.dtype={}'.format(e1.dtype))
    for name, a in (('e2', e2), ('W', W)):
        expect(a.dtype == e1.dtype, '{}.dtype == e1.dtype'.format(name),
               '{} != {}'.format(a.dtype, e1.dtype))
    expect(e1.ndim >= 2, 'e1.ndim >= 2', 'e1.shape={}'.format(e1.shape))
    expect(e2.ndim >= 2, 'e2.ndim >= 2', 'e2.shape={}'.format(e2.shape))
    expect(e1.shape[0] == e2.shape[0], 'e1.shape[0] == e2.shape[0]',
           '{} != {}'.format(e1.shape[0], e2.shape[0]))
    expect(W.ndim == 3, 'W.ndim == 3', 'W.shape={}'.format(W.shape))
    expect(_prod(e1.shape[1:]) == W.shape[0], 'prod(e1.shape[1:]) == W.shape[0]',
           '{} != {}'.format(_prod(e1.shape[1:]), W.shape[0]))
    expect(_prod(e2.shape[1:]) == W.shape[1], 'prod(e2.shape[1:]) == W.shape[1]',
           '{} != {}'.format(_prod(e2.shape[1:]), W.shape[1]))
    if V1 is None:
        return
    out = W.shape[2]
    for name, a in (('V1', V1), ('V2', V2), ('b', b)):
        expect(a.dtype == e1.dtype, '{}.dtype == e1.dtype'.format(name),
               '{} != {}'.format(a.dtype, e1.dtype))
    expect(V1.shape == (W.shape[0], out), 'V1.shape == (W.shape[0], W.shape[2])',
           'V1.shape={}, W.shape={}'.format(V1.shape, W.shape))
    expect(V2.shape == (W.shape[1], out), 'V2.shape == (W.shape[1], W.shape[2])',
           'V2.shape={}, W.shape={}'.format(V2.shape, W.shape))
    expect(b.shape == (out,), 'b.shape == (W.shape[2],)',
           'b.shape={}, W.shape={}'.format(b.shape, W.shape))


def bilinear(e1, e2, W, V1=None, V2=None, b=None):
    """Bilinear function: ``y[n, l] = sum_{j, k} e1[n, j] W[j, k, l] e2[n, k]``, plus
    ``e1 V1 + e2 V2 + b`` when those are given.

    Parameters
    ----------
    e1 : Variable or array
        Shape ``(N, J)`` (more axes are flattened into ``J``), floating point (Chainer
        accepts float32 only; kusari any float dtype shared by all inputs).
    e2 : Variable or array
        Shape ``(N, K)`` (likewise), float32.
    W : Variable or array
        Shape ``(J, K, L)``.
    V1, V2, b : Variable or array, optional
        Shapes ``(J, L)``, ``(K, L)`` and ``(L,)``; all three or none.

    Returns
    -------
    Variable
        Shape ``(N, L)``, dtype of ``e1``.

    >>> import numpy, kusari.functions as F
    >>> e = numpy.ones((2, 3), numpy.float32)
    >>> F.bilinear(e, e, numpy.ones((3, 3, 4), numpy.float32)).shape
    (2, 4)
    """
    from kusari.functions.array.broadcast import broadcast_to
    from kusari.functions.array.reshape import reshape
    from kusari.functions.math.basic_math import matmul
    flags = [V1 is None, V2 is None, b is None]
    if any(flags) and not all(flags):
        raise ValueError('All coefficients and bias for bilinear() must be None, if at least '
                         'one of them is None.')
    _check(e1, e2, W, V1, V2, b)
    n = e1.shape[0]
    j, k, out = W.shape
    e1 = reshape(e1, (n, j))
    e2 = reshape(e2, (n, k))
    t = reshape(matmul(e1, reshape(W, (j, k * out))), (n, k, out))   # (N, K, L)
    y = reshape(matmul(reshape(e2, (n, 1, k)), t), (n, out))
    if V1 is not None:
        y = y + matmul(e1, V1) + matmul(e2, V2) + broadcast_to(b, (n, out))
    return y
