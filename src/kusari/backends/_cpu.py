"""The CPU device (``chainer.backends._cpu``): NumPy arrays."""
import sys

import numpy

from kusari import _backend


class CpuDevice(_backend.Device):
    """The host, with NumPy arrays; ``name`` is ``'@numpy'``."""

    name = '@numpy'
    xp = numpy
    supported_array_types = (numpy.ndarray,)
    __hash__ = _backend.Device.__hash__

    @staticmethod
    def from_array(array):
        """A CpuDevice when ``array`` is a NumPy array, else None."""
        return CpuDevice() if isinstance(array, numpy.ndarray) else None

    def __eq__(self, other):
        return isinstance(other, CpuDevice)

    def __repr__(self):
        return '<CpuDevice (numpy)>'

    def send_array(self, array):
        """Return ``array`` (an array or a scalar) as a NumPy array of the same shape.

        Raises
        ------
        TypeError
            If ``array`` is neither an array nor a scalar.
        """
        return _array_to_cpu(array)

    def is_array_supported(self, array):
        """Whether ``array`` is a NumPy array."""
        return isinstance(array, numpy.ndarray)


def _to_cpu(arrays):
    """An array, or a list or tuple of arrays, as NumPy arrays."""
    return _backend._convert_arrays(arrays, _array_to_cpu)


def _array_to_cpu(array):
    if array is None or isinstance(array, numpy.ndarray):
        return array
    cupy = sys.modules.get('cupy')
    if cupy is not None and isinstance(array, cupy.ndarray):
        with array.device:
            return array.get()
    if numpy.isscalar(array):
        return numpy.asarray(array)
    raise TypeError(
        'cannot send an object of type {} to the CPU: expected an array or a NumPy '
        'scalar'.format(type(array).__name__))
