"""Constant initializers: Constant, Zero, One, NaN, Identity."""
import numpy

from kusari import backend
from kusari.initializer import Initializer


class Constant(Initializer):
    """Fill with ``fill_value`` (a scalar or an array broadcast to the target).

    Parameters
    ----------
    fill_value : scalar or array
        The value.
    dtype : dtype, optional
        The required dtype of the arrays.
    """

    def __init__(self, fill_value, dtype=None):
        if dtype is not None and not numpy.isscalar(fill_value):
            fill_value = fill_value.astype(dtype)
        super().__init__(dtype)
        self.fill_value = fill_value

    def __call__(self, array):
        self._check(array)
        value = self.fill_value
        if not numpy.isscalar(value):
            value = backend.get_device_from_array(array).send(value)
            if value.shape != array.shape:
                try:
                    numpy.broadcast_shapes(value.shape, array.shape)
                except ValueError:
                    raise ValueError('Constant: cannot fill an array of shape {} with a value '
                                     'of shape {}'.format(array.shape, value.shape)) from None
        array[...] = value


class Zero(Constant):
    """Fill with zeros."""

    def __init__(self, dtype=None):
        super().__init__(0.0, dtype)


class One(Constant):
    """Fill with ones."""

    def __init__(self, dtype=None):
        super().__init__(1.0, dtype)


class NaN(Constant):
    """Fill with NaN (marks values that must be overwritten before use)."""

    def __init__(self, dtype=None):
        super().__init__(numpy.nan, dtype)


class Identity(Initializer):
    """Fill a square 2-D array with ``scale`` times the identity.

    Parameters
    ----------
    scale : float
        The diagonal value.
    dtype : dtype, optional
        The required dtype.
    """

    def __init__(self, scale=1.0, dtype=None):
        super().__init__(dtype)
        self.scale = scale

    def __call__(self, array):
        self._check(array)
        if array.ndim != 2 or array.shape[0] != array.shape[1]:
            raise ValueError('Identity: the array must be square 2-D, got shape {}'.format(
                array.shape))
        xp = backend.get_array_module(array)
        array[...] = xp.identity(array.shape[0]) * self.scale
