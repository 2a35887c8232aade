"""The initializer base class and fan computation."""
import numpy


class Initializer:
    """Fills an array in place: ``initializer(array)``.

    Parameters
    ----------
    dtype : dtype or None
        The dtype the arrays must have; ``None`` accepts any float dtype.
    """

    def __init__(self, dtype=None):
        self.dtype = None if dtype is None else numpy.dtype(dtype)

    def __call__(self, array):
        raise NotImplementedError

    def _check(self, array):
        if self.dtype is not None and array.dtype != self.dtype:
            raise ValueError('{} expects an array of dtype {}, got {}'.format(
                type(self).__name__, self.dtype, array.dtype))


def get_fans(shape):
    """Return ``(fan_in, fan_out)`` of a weight of ``shape`` (at least two dimensions).

    ``fan_in = shape[1] * prod(shape[2:])`` and ``fan_out = shape[0] * prod(shape[2:])``.
    """
    if not isinstance(shape, tuple):
        raise ValueError('shape must be a tuple, got {!r}'.format(shape))
    if len(shape) < 2:
        raise ValueError('shape must have at least two dimensions, got {}'.format(shape))
    receptive = 1
    for s in shape[2:]:
        receptive *= s
    return shape[1] * receptive, shape[0] * receptive
