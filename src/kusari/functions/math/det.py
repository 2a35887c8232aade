"""det and batch_det: determinants, differentiable to every order (non-singular inputs)."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions.math.inv import _check_square
from kusari.utils import force_array


class BatchDet(FunctionNode):
    def _check_data_type_forward(self, in_data):
        _check_square(self.label, in_data[0], 3)

    def forward(self, inputs):
        a, = inputs
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        work = a.astype(numpy.float32) if a.dtype == numpy.float16 else a
        return force_array(backend.get_array_module(a).linalg.det(work), a.dtype),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.reshape import reshape
        from kusari.functions.array.transpose import transpose
        from kusari.functions.math.inv import batch_inv
        a, = self.get_retained_inputs()
        y, = self.get_retained_outputs()
        gy, = grad_outputs
        # d det(A) / dA = det(A) A^-T
        coef = reshape(gy * y, (a.shape[0], 1, 1))
        return coef * batch_inv(transpose(a, (0, 2, 1))),


def batch_det(a):
    """Determinants of a batch of square matrices.

    Parameters
    ----------
    a : Variable or array
        Shape ``(B, N, N)``, float dtype (float16 is computed in float32).

    Returns
    -------
    Variable
        Shape ``(B,)``, dtype of ``a``.
    """
    return BatchDet().apply((a,))[0]


def det(a):
    """Determinant of a square matrix.

    Parameters
    ----------
    a : Variable or array
        Shape ``(N, N)``, float dtype.

    Returns
    -------
    Variable
        A 0-d array of ``a``'s dtype.

    >>> import numpy, kusari.functions as F
    >>> float(F.det(numpy.array([[2., 0.], [0., 3.]])).array)
    6.0
    """
    from kusari.functions.array.reshape import reshape
    _check_square('Det', a, 2)
    return reshape(batch_det(reshape(a, (1,) + tuple(a.shape))), ())
