"""The orthogonal initializer."""
import numpy

from kusari import backend
from kusari.initializer import Initializer
from kusari.initializers._fan import _rng_kwarg

# mode: (refuse more inputs than outputs, refuse more outputs than inputs)
_MODES = {
    'auto': (False, False),
    'projection': (False, True),
    'embedding': (True, False),
    'basis': (True, True),
}


class Orthogonal(Initializer):
    """Fill with ``scale`` times a random (semi-)orthogonal matrix.

    The array is viewed as ``(shape[0], prod(shape[1:]))`` (``out_dim`` vectors of
    ``in_dim`` elements); its rows, or its columns if fewer, are orthonormal. The matrix is
    the Q of a QR decomposition of a Gaussian matrix with R's diagonal made positive, i.e.
    uniformly (Haar) distributed. A 0-d array gets ``+scale`` or ``-scale``.

    Parameters
    ----------
    scale : float
        Multiplier.
    dtype : dtype, optional
        The required dtype.
    mode : {'auto', 'projection', 'embedding', 'basis'}
        Which shapes are accepted: ``'projection'`` needs ``in_dim >= out_dim`` (orthonormal
        rows), ``'embedding'`` needs ``in_dim <= out_dim`` (orthonormal columns),
        ``'basis'`` a square matrix, ``'auto'`` anything.
    rng : random generator, optional (keyword only)
        Where the numbers come from (NumPy's global state by default).

    Raises
    ------
    ValueError
        For an unknown ``mode``; when called, for an empty array or a shape the mode refuses.
    """

    def __init__(self, scale=1.1, dtype=None, mode='auto', **kwargs):
        self.rng = _rng_kwarg(kwargs)
        if mode not in _MODES:
            raise ValueError('Orthogonal: invalid mode {!r}; choose from {}'.format(
                mode, ', '.join(repr(m) for m in _MODES)))
        super().__init__(dtype)
        self.scale = scale
        self.mode = mode

    def __call__(self, array):
        self._check(array)
        source = numpy.random if self.rng is None else self.rng
        if array.ndim == 0:
            sign = 2 * int(source.randint(2)) - 1 if hasattr(source, 'randint') else (
                2 * int(source.integers(2)) - 1)
            array[...] = self.scale * sign
            return
        if array.size == 0:
            raise ValueError('Orthogonal: the array to initialize must be non-empty, got '
                             'shape {}'.format(array.shape))
        out_dim = array.shape[0]
        in_dim = array.size // out_dim
        no_wide, no_tall = _MODES[self.mode]
        if (in_dim > out_dim and no_wide) or (in_dim < out_dim and no_tall):
            raise ValueError('Orthogonal: cannot make an orthogonal {} of shape {} ({} inputs, '
                             '{} outputs)'.format(self.mode, array.shape, in_dim, out_dim))
        transpose = in_dim > out_dim
        a = backend.CpuDevice().send(source.normal(size=(out_dim, in_dim)))
        if transpose:
            a = a.T
        q, r = numpy.linalg.qr(a)
        q *= numpy.copysign(self.scale, numpy.diag(r))
        if transpose:
            q = q.T
        backend.copyto(array, q.reshape(array.shape).astype(array.dtype, copy=False))
