"""``generate_matrix``: random matrices with given singular values."""
import numpy


def _broadcast_to(array, shape):
    return numpy.broadcast_to(array, shape)


def generate_matrix(shape, dtype=float, *, singular_values=None):
    """A random matrix (or stack of matrices) with the given singular values.

    Useful for well- or ill-conditioned inputs of linear-algebra tests. The singular vectors
    are those of a matrix of standard normal numbers drawn from the global NumPy generator
    (complex dtypes get a complex one).

    Parameters
    ----------
    shape : tuple of int
        ``(..., M, N)``.
    dtype : float or complex dtype
        The dtype of the result.
    singular_values : array_like
        Non-negative reals, broadcastable to ``shape[:-2] + (min(M, N),)``.

    Returns
    -------
    numpy.ndarray
        Of ``shape`` and ``dtype``.

    Raises
    ------
    ValueError
        If ``shape`` has fewer than two axes, a singular value is negative, or they do not
        broadcast to the shape.
    TypeError
        If ``singular_values`` is missing or not real, or ``dtype`` is neither float nor
        complex.
    """
    if len(shape) < 2:
        raise ValueError('generate_matrix: shape {} has fewer than two axes'.format(shape))
    dtype = numpy.dtype(dtype)
    if dtype.kind not in 'fc':
        raise TypeError('generate_matrix: dtype {} is neither float nor complex'.format(dtype))
    if singular_values is None:
        raise TypeError('generate_matrix: singular_values is required')
    singular_values = numpy.asarray(singular_values)
    if not numpy.isrealobj(singular_values):
        raise TypeError('generate_matrix: singular_values must be real')
    if (singular_values < 0).any():
        raise ValueError('generate_matrix: a singular value is negative')
    k = min(shape[-2:])
    target = tuple(shape[:-2]) + (k,)
    sv = _broadcast_to(singular_values, target)       # ValueError when they do not fit
    if 0 in shape:
        return numpy.empty(shape, dtype=dtype)
    a = numpy.random.randn(*shape)
    if dtype.kind == 'c':
        a = a + 1j * numpy.random.randn(*shape)
    u, _, vh = numpy.linalg.svd(a, full_matrices=False)
    return ((u * sv[..., None, :]) @ vh).astype(dtype)
