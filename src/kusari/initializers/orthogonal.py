"""The orthogonal initializer."""
import numpy

from kusari import backend
from kusari.initializer import Initializer


class Orthogonal(Initializer):
    """Fill with ``scale`` times a random (semi-)orthogonal matrix.

    The array is viewed as ``(shape[0], prod(shape[1:]))``; its rows (or columns, whichever are
    fewer) are orthonormal.

    Parameters
    ----------
    scale : float
        Multiplier.
    dtype : dtype, optional
        The required dtype.
    """

    def __init__(self, scale=1.1, dtype=None):
        super().__init__(dtype)
        self.scale = scale

    def __call__(self, array):
        self._check(array)
        if array.ndim < 1:
            raise ValueError('Orthogonal: the array needs at least one dimension')
        rows = array.shape[0]
        cols = array.size // rows if rows else 0
        if rows == 0 or cols == 0:
            return
        flat_shape = (rows, cols) if rows <= cols else (cols, rows)
        a = numpy.random.normal(size=flat_shape)
        q, r = numpy.linalg.qr(a.T)
        q = q * numpy.sign(numpy.diag(r))  # a uniform (Haar) distribution
        q = q.T if rows <= cols else q
        w = q.reshape(array.shape) * self.scale
        array[...] = backend.get_device_from_array(array).send(w.astype(array.dtype))
