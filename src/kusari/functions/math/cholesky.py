"""cholesky: the Cholesky factor of a symmetric positive-definite matrix, differentiable to
every order."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


class Cholesky(FunctionNode):
    """:math:`L` lower triangular with :math:`L L^T = A` (from the lower triangle of ``A``).

    The gradient is the symmetric one (a perturbation of ``A`` is taken to be symmetric,
    as ``A`` is): with :math:`\\Phi(X)` the lower triangle of :math:`X` with its diagonal
    halved, :math:`S = L^{-T} \\Phi(L^T \\bar L) L^{-1}` and
    :math:`\\bar A = (S + S^T) / 2`. It is written with :func:`~kusari.functions.inv` and
    :func:`~kusari.functions.matmul` of the retained output, so every order is exact.
    """

    @property
    def label(self):
        return 'cholesky'

    def _check_data_type_forward(self, in_data):
        a, = in_data
        type_check.check_float(self.label, 'a', a)
        if a.ndim != 2:
            type_check.fail(self.label, 'a.ndim == 2', 'a.ndim={}'.format(a.ndim))
        if a.shape[0] != a.shape[1]:
            type_check.fail(self.label, 'a.shape[0] == a.shape[1]',
                            '{} != {}'.format(a.shape[0], a.shape[1]))

    def forward(self, inputs):
        a, = inputs
        self.retain_outputs((0,))
        xp = backend.get_array_module(a)
        work = a.astype(numpy.float32) if a.dtype == numpy.float16 else a
        try:
            y = xp.linalg.cholesky(work)
        except numpy.linalg.LinAlgError as e:
            raise numpy.linalg.LinAlgError(
                'cholesky: the matrix is not positive definite ({})'.format(e)) from None
        return y.astype(a.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.transpose import transpose
        from kusari.functions.math.basic_math import matmul
        from kusari.functions.math.inv import inv
        gy, = grad_outputs
        y, = self.get_retained_outputs()
        n = y.shape[0]
        xp = y.xp
        mask = xp.tri(n, dtype=y.dtype) - 0.5 * xp.eye(n, dtype=y.dtype)
        y_inv = inv(y)
        phi = mask * matmul(y, gy, transa=True)
        s = matmul(matmul(y_inv, phi, transa=True), y_inv)
        return 0.5 * (s + transpose(s)),


def cholesky(a):
    """The Cholesky factor of a symmetric positive-definite matrix.

    Only the lower triangle of ``a`` is read. The gradient with respect to ``a`` is
    symmetric (both triangles get half of each off-diagonal derivative).

    Parameters
    ----------
    a : Variable or array
        Shape ``(N, N)``, float dtype (float16 is factored in float32).

    Returns
    -------
    Variable
        ``L`` of shape ``(N, N)``, lower triangular, ``L @ L.T == a``; dtype of ``a``.

    Raises
    ------
    InvalidType
        If ``a`` is not a square float matrix.
    numpy.linalg.LinAlgError
        If ``a`` is not positive definite (on the CPU).

    >>> import numpy, kusari.functions as F
    >>> F.cholesky(numpy.array([[4., 2.], [2., 5.]])).array
    array([[2., 0.],
           [1., 2.]])
    """
    return Cholesky().apply((a,))[0]
