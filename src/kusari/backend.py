"""Array modules and devices. The one place that imports CuPy, and only when asked."""
import sys

import numpy


def _cupy():
    """Import CuPy on demand; raise a clear error naming the extra when it is missing."""
    try:
        import cupy
    except ImportError as e:
        raise RuntimeError(
            'kusari: this needs CuPy and a CUDA GPU. Install it with '
            "`pip install 'kusari[cupy]'` (or the cupy-cudaXXx wheel matching your CUDA)."
        ) from e
    return cupy


def _is_cupy_array(x):
    cupy = sys.modules.get('cupy')
    return cupy is not None and isinstance(x, cupy.ndarray)


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


class Device:
    """A place arrays live on. Compare with ``==``; ``xp`` is the array module."""

    xp = numpy
    name = '@numpy'

    def __eq__(self, other):
        return isinstance(other, Device) and self.name == other.name

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return '<{} {}>'.format(type(self).__name__, self.name)

    def __str__(self):
        return self.name

    def send(self, arrays):
        """Transfer an array, or a (nested) tuple/list/dict of arrays, to this device.

        Parameters
        ----------
        arrays : array, tuple, list, dict or None
            What to transfer.

        Returns
        -------
        array, tuple, list, dict or None
            The same structure with arrays of this device (shapes and dtypes kept).
        """
        if isinstance(arrays, (list, tuple)):
            return type(arrays)(self.send(a) for a in arrays)
        if isinstance(arrays, dict):
            return {k: self.send(v) for k, v in arrays.items()}
        if arrays is None:
            return None
        return self.send_array(arrays)

    def use(self):
        """Make this the current device (a no-op on the CPU)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class CpuDevice(Device):
    """The host, with NumPy arrays."""

    def send_array(self, array):
        """Return ``array`` (an array or a scalar) as a NumPy array of the same shape.

        Raises
        ------
        TypeError
            If ``array`` is neither an array nor a scalar.
        """
        if isinstance(array, numpy.ndarray):
            return array
        if _is_cupy_array(array):
            return array.get()
        if numpy.isscalar(array):
            return numpy.asarray(array)
        raise TypeError('cannot send {} to the CPU'.format(type(array)))


class GpuDevice(Device):
    """A CUDA device with CuPy arrays. Creating one imports CuPy.

    Parameters
    ----------
    device_id : int
        The GPU id.

    Raises
    ------
    RuntimeError
        If CuPy is not installed.
    """

    def __init__(self, device_id=0):
        self.xp = _cupy()
        self.device = self.xp.cuda.Device(device_id)
        self.device_id = int(device_id)
        self.name = '@cupy:{}'.format(self.device_id)

    def send_array(self, array):
        """Return ``array`` as a CuPy array on this GPU, of the same shape and dtype."""
        with self.device:
            return self.xp.asarray(array)

    def use(self):
        """Make this GPU the current CUDA device."""
        self.device.use()

    def __enter__(self):
        self.device.__enter__()
        return self

    def __exit__(self, *exc):
        return self.device.__exit__(*exc)


_cpu = CpuDevice()


def get_device(device_spec):
    """Return a :class:`Device` from a specifier.

    Parameters
    ----------
    device_spec : Device, str, int or module
        A Device; ``'@numpy'``; ``'@cupy:N'``; an int (negative for the CPU, N >= 0 for GPU
        N, as in Chainer); ``numpy`` or ``cupy`` (GPU 0); ``None`` is refused.

    Returns
    -------
    Device
        The device.

    Raises
    ------
    ValueError
        If the specifier is not one of those.
    """
    if isinstance(device_spec, Device):
        return device_spec
    if device_spec is numpy:
        return _cpu
    if isinstance(device_spec, (int, numpy.integer)) and not isinstance(device_spec, bool):
        return _cpu if device_spec < 0 else GpuDevice(int(device_spec))
    if isinstance(device_spec, str):
        if device_spec == '@numpy':
            return _cpu
        if device_spec.startswith('@cupy:'):
            try:
                return GpuDevice(int(device_spec[6:]))
            except ValueError:
                pass
        elif device_spec == '@cupy':
            return GpuDevice(0)
    mod = sys.modules.get('cupy')
    if mod is not None and device_spec is mod:
        return GpuDevice(0)
    raise ValueError(
        "invalid device specifier {!r}: expected '@numpy', '@cupy:N', an int "
        '(-1 for the CPU) or a Device'.format(device_spec))


def get_device_from_array(array):
    """Return the device an array (or Variable) lives on.

    Parameters
    ----------
    array : array or Variable
        The array, of any shape.

    Returns
    -------
    Device
        A :class:`GpuDevice` for a CuPy array, else the CPU device.
    """
    array = getattr(array, 'array', array)
    if _is_cupy_array(array):
        return GpuDevice(array.device.id)
    return _cpu


def to_device(device, x):
    """Send an array (or nested tuple/list/dict of arrays) to ``device``.

    Parameters
    ----------
    device : Device, str, int or module
        A specifier, as :func:`get_device` accepts.
    x : array, tuple, list, dict or None
        What to send.

    Returns
    -------
    array, tuple, list, dict or None
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
    """
    xp = get_array_module(dst)
    if xp is numpy:
        numpy.copyto(dst, CpuDevice().send_array(src) if _is_cupy_array(src) else src)
    else:
        dst.set(src) if isinstance(src, numpy.ndarray) else xp.copyto(dst, src)


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
