"""Initializers (``chainer.initializers``) and ``generate_array``."""
import numpy

from kusari import backend
from kusari.configuration import get_dtype
from kusari.initializer import Initializer  # noqa: F401
from kusari.initializers.constant import Constant, Identity, NaN, One, Zero  # noqa: F401
from kusari.initializers.normal import GlorotNormal, HeNormal, LeCunNormal, Normal  # noqa: F401
from kusari.initializers.orthogonal import Orthogonal  # noqa: F401
from kusari.initializers.sampling import DownsamplingConvFilter, UpsamplingDeconvFilter  # noqa: F401
from kusari.initializers.uniform import GlorotUniform, HeUniform, LeCunUniform, Uniform  # noqa: F401


def generate_array(initializer, shape, xp, dtype=None, device=None):
    """Allocate an array of ``shape`` and fill it with ``initializer``.

    Parameters
    ----------
    initializer : callable
        An :class:`Initializer` (or any callable filling an array in place).
    shape : int or tuple of ints
        The shape.
    xp : module
        ``numpy`` or ``cupy``.
    dtype : dtype, optional
        The dtype; defaults to the initializer's dtype, then ``config.dtype``.
    device : optional
        A device specifier; the array is created on it.

    Returns
    -------
    array of ``shape``.
    """
    if isinstance(shape, (int, numpy.integer)):
        shape = (int(shape),)
    dtype_attr = getattr(initializer, 'dtype', None)
    if dtype is not None and dtype_attr is not None and numpy.dtype(dtype) != dtype_attr:
        raise ValueError('dtype {} differs from the initializer dtype {}'.format(
            dtype, dtype_attr))
    dtype = get_dtype(dtype if dtype is not None else dtype_attr)
    if device is not None:
        device = backend.get_device(device)
        if xp is not None and xp is not device.xp:
            raise ValueError('generate_array: xp ({}) and device ({}) are inconsistent'.format(
                getattr(xp, '__name__', xp), device))
    array = numpy.empty(tuple(shape), dtype=dtype)
    initializer(array)
    if device is not None:
        return device.send(array)
    if xp is not numpy:
        return xp.asarray(array)
    return array


def _get_initializer(initializer):
    """Normalize what links accept: None, a scalar, an array or an initializer."""
    if initializer is None:
        return LeCunNormal()
    if numpy.isscalar(initializer):
        return Constant(initializer)
    if isinstance(initializer, numpy.ndarray) or backend._is_cupy_array(initializer):
        return Constant(initializer)
    if not callable(initializer):
        raise TypeError('invalid type of initializer: {}'.format(type(initializer)))
    return initializer


def _check_is_initializer_like(initializer):
    """Raise TypeError unless ``initializer`` is None, an initializer, a callable, an array
    or a scalar (what links accept as ``initialW`` and the like)."""
    if not (initializer is None or callable(initializer) or numpy.isscalar(initializer)
            or isinstance(initializer, numpy.ndarray) or backend._is_cupy_array(initializer)):
        raise TypeError('Initializer is of wrong type: {}. Allowed types are Initializer, '
                        'ndarray and scalar.'.format(type(initializer)))
