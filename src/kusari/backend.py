"""Array modules and devices (``chainer.backend``). CuPy is imported only when a GPU is used."""
import sys

import numpy

from kusari._backend import Device  # noqa: F401 - public name
from kusari.backends import _chainerx, _cpu, cuda, intel64
from kusari.backends._chainerx import ChainerxDevice, from_chx, to_chx  # noqa: F401
from kusari.backends._cpu import CpuDevice
from kusari.backends.cuda import GpuDevice
from kusari.backends.intel64 import Intel64Device  # noqa: F401

_is_cupy_array = cuda._is_cupy_array
_cupy = cuda._import_cupy
_integer_types = cuda._integer_types


def get_array_module(*args):
    """Return :mod:`numpy` or :mod:`cupy`, whichever the arrays (or Variables) belong to.

    Never imports CuPy: if CuPy was not imported yet, no argument can be a CuPy array.

    Parameters
    ----------
    *args : array, Variable or object
        The objects to inspect; other objects are ignored.

    Returns
    -------
    module
        :mod:`cupy` if some argument is a CuPy array (or a Variable over one), else
        :mod:`numpy`.
    """
    cupy = sys.modules.get('cupy')
    if cupy is not None:
        for x in args:
            if isinstance(x, cupy.ndarray) or getattr(x, 'xp', None) is cupy:
                return cupy
    return numpy


def get_device(device_spec):
    """Return a :class:`Device` from a specifier, as ``chainer.get_device`` does.

    Parameters
    ----------
    device_spec : Device, int, str or cupy.cuda.Device
        A Device (returned as it is); an int or a numeric string (negative for the CPU,
        N >= 0 for GPU N: ``-1``, ``'-1'``, ``'0'``); ``'@numpy'``; ``'@cupy:N'``; a
        ``cupy.cuda.Device``. ``'@intel64'`` and ChainerX specifiers (``'native:0'``,
        ``'cuda:0'``) name backends kusari does not have.

    Returns
    -------
    Device
        The device.

    Raises
    ------
    TypeError
        If the specifier is of another type.
    ValueError
        If a string starting with ``'@'`` is malformed.
    RuntimeError
        For a GPU without CuPy, ``'@intel64'`` and ChainerX specifiers.
    """
    if isinstance(device_spec, Device):
        return device_spec
    if isinstance(device_spec, _integer_types) and not isinstance(device_spec, bool):
        return _cpu_or_gpu(int(device_spec))
    cupy = sys.modules.get('cupy')
    if cupy is not None and isinstance(device_spec, cupy.cuda.Device):
        return GpuDevice(device_spec)
    if isinstance(device_spec, str):
        try:
            number = int(device_spec)
        except ValueError:
            pass
        else:
            return _cpu_or_gpu(number)
        if device_spec.startswith('@'):
            module, colon, rest = device_spec[1:].partition(':')
            if module == 'numpy' and not colon:
                return CpuDevice()
            if module == 'cupy' and colon:
                try:
                    device_id = int(rest)
                except ValueError:
                    device_id = -1
                if device_id >= 0:
                    return GpuDevice.from_device_id(device_id)
            if module == 'intel64' and not colon:
                return Intel64Device()
            raise ValueError(
                "invalid device specifier {!r}: expected '@numpy', '@cupy:N' (N >= 0) or "
                "'@intel64'".format(device_spec))
        raise RuntimeError(
            'invalid device specifier {!r}: a string without "@" names a ChainerX device, '
            "and ChainerX is not available in kusari; use '@numpy', '@cupy:N' or an "
            'int'.format(device_spec))
    raise TypeError(
        'invalid device specifier of type {}: expected a Device, an int, a string such as '
        "'@numpy' or '@cupy:0', or a cupy.cuda.Device".format(type(device_spec).__name__))


def _cpu_or_gpu(number):
    return CpuDevice() if number < 0 else GpuDevice.from_device_id(number)


def using_device(device_spec):
    """A context manager in which the device is current (``chainer.using_device``).

    Parameters
    ----------
    device_spec : Device, int, str or cupy.cuda.Device
        As for :func:`get_device`.

    Returns
    -------
    context manager
        Makes the GPU current on entry (nothing to do for the CPU).
    """
    return get_device(device_spec).create_context()


def get_device_from_array(*arrays):
    """Return the device of the first array that is not a NumPy array, else the CPU device.

    Parameters
    ----------
    *arrays : array or Variable
        The arrays (a Variable stands for its array).

    Returns
    -------
    Device
        A :class:`GpuDevice` for a CuPy array, else a :class:`CpuDevice`.
    """
    for array in arrays:
        array = getattr(array, 'array', array)
        if _is_cupy_array(array):
            device = GpuDevice.from_array(array)
            if device is not None:
                return device
    return CpuDevice()


def to_device(device, x):
    """Send an array (or a list or tuple of arrays) to ``device``.

    Parameters
    ----------
    device : Device, int, str or cupy.cuda.Device
        A specifier, as :func:`get_device` takes.
    x : array, list, tuple or None
        What to send.

    Returns
    -------
    array, list, tuple or None
        The same structure on ``device`` (shapes and dtypes kept).
    """
    return get_device(device).send(x)


def copyto(dst, src):
    """Copy ``src`` into ``dst`` element by element, across devices if needed.

    Parameters
    ----------
    dst : array
        The destination, modified in place.
    src : array
        The source, of a shape that broadcasts to ``dst.shape``.

    Raises
    ------
    TypeError
        If ``dst`` or ``src`` is not an array.
    """
    if isinstance(dst, numpy.ndarray):
        if not (isinstance(src, numpy.ndarray) or _is_cupy_array(src) or numpy.isscalar(src)):
            raise TypeError('copyto: cannot copy from an object of type {}'.format(
                type(src).__name__))
        numpy.copyto(dst, _cpu._array_to_cpu(src))
    elif _is_cupy_array(dst):
        cupy = sys.modules['cupy']
        if isinstance(src, numpy.ndarray) or numpy.isscalar(src):
            src = numpy.asarray(src)
            if src.dtype == dst.dtype and (dst.flags.c_contiguous or dst.flags.f_contiguous) \
                    and src.shape == dst.shape:
                dst.set(src)
            else:
                with dst.device:
                    cupy.copyto(dst, cupy.asarray(src))
        elif isinstance(src, cupy.ndarray):
            with dst.device:
                cupy.copyto(dst, src)
        else:
            raise TypeError('copyto: cannot copy from an object of type {}'.format(
                type(src).__name__))
    else:
        raise TypeError('copyto: cannot copy to an object of type {}'.format(
            type(dst).__name__))


def is_arrays_compatible(arrays):
    """True when all arrays live on one device kind.

    Parameters
    ----------
    arrays : iterable of array or None
        The arrays; ``None`` elements are ignored.

    Returns
    -------
    bool
        Whether they are all NumPy arrays or all CuPy arrays.
    """
    arrays = [a for a in arrays if a is not None]
    return len({get_array_module(a) for a in arrays}) <= 1


def _contains_nan(x):
    """Whether array ``x`` holds a NaN (False for non-float arrays)."""
    if x.dtype.kind not in 'fc':
        return False
    return bool(get_array_module(x).isnan(x).any())


__all__ = ['Device', 'CpuDevice', 'GpuDevice', 'Intel64Device', 'ChainerxDevice', 'from_chx',
           'to_chx', 'get_array_module', 'get_device', 'using_device', 'get_device_from_array',
           'to_device', 'copyto', 'is_arrays_compatible', 'cuda', 'intel64', '_chainerx']
