"""inv and batch_inv: matrix inverses, differentiable to every order."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import force_array, type_check


def _check_square(label, a, ndim):
    type_check.check_float(label, 'a', a)
    if a.ndim != ndim:
        type_check.fail(label, 'a.ndim == {}'.format(ndim), 'a.ndim={}'.format(a.ndim))
    if a.shape[-1] != a.shape[-2]:
        type_check.fail(label, 'a.shape[-1] == a.shape[-2]',
                        '{} != {} (a.shape={})'.format(a.shape[-1], a.shape[-2], a.shape))


def _inv_array(a):
    xp = backend.get_array_module(a)
    work = a.astype(numpy.float32) if a.dtype == numpy.float16 else a
    try:
        y = xp.linalg.inv(work)
    except numpy.linalg.LinAlgError:
        raise ValueError('Input has singular matrices.') from None
    if xp is not numpy and not bool(xp.isfinite(y).all()):
        raise ValueError('Input has singular matrices.')
    return force_array(y, a.dtype)


class _InvBase(FunctionNode):
    _ndim = None

    def _check_data_type_forward(self, in_data):
        _check_square(self.label, in_data[0], self._ndim)

    def forward(self, inputs):
        self.retain_outputs((0,))
        return _inv_array(inputs[0]),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.math.basic_math import matmul
        y, = self.get_retained_outputs()
        gy, = grad_outputs
        # d(A^-1) = -A^-1 dA A^-1, so gA = -A^-T gY A^-T
        return -matmul(matmul(y, gy, transa=True), y, transb=True),


class Inv(_InvBase):
    _ndim = 2


class BatchInv(_InvBase):
    _ndim = 3


def inv(a):
    """Inverse of a square matrix.

    Parameters
    ----------
    a : Variable or array
        Shape ``(N, N)``, float dtype (float16 is inverted in float32).

    Returns
    -------
    Variable
        Shape ``(N, N)``, dtype of ``a``.

    Raises
    ------
    ValueError
        If the matrix is singular.
    """
    return Inv().apply((a,))[0]


def batch_inv(a):
    """Inverses of a batch of square matrices.

    Parameters
    ----------
    a : Variable or array
        Shape ``(B, N, N)``, float dtype.

    Returns
    -------
    Variable
        Shape ``(B, N, N)``, dtype of ``a``.

    Raises
    ------
    ValueError
        If a matrix is singular.
    """
    return BatchInv().apply((a,))[0]
