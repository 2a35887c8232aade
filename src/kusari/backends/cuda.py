"""Chainer-compatible ``chainer.backends.cuda``; CuPy is imported only when a GPU is used."""
import importlib.util

import numpy

from kusari import backend

available = importlib.util.find_spec('cupy') is not None
cudnn_enabled = False


class _LazyCupy:
    """``cuda.cupy`` that imports CuPy on first attribute access."""

    def __getattr__(self, name):
        return getattr(backend._cupy(), name)


cupy = _LazyCupy()


class _NdarrayMeta(type):
    def __instancecheck__(cls, obj):
        return backend._is_cupy_array(obj)


class ndarray(metaclass=_NdarrayMeta):  # noqa: N801 - Chainer's name
    """``cupy.ndarray`` for ``isinstance`` checks; without CuPy nothing is an instance."""

    def __new__(cls, *args, **kwargs):
        return backend._cupy().ndarray(*args, **kwargs)


def check_cuda_available():
    """Raise ``RuntimeError`` with install advice when CuPy cannot be used.

    Raises
    ------
    RuntimeError
        If CuPy cannot be imported.
    """
    backend._cupy()


def get_array_module(*args):
    """Same as :func:`kusari.backend.get_array_module`.

    Parameters
    ----------
    *args : array, Variable or object
        The objects to inspect.

    Returns
    -------
    module
        :mod:`cupy` if some argument is a CuPy array, else :mod:`numpy`.
    """
    return backend.get_array_module(*args)


def to_gpu(array, device=None, stream=None):
    """Copy an array (or nested list/tuple/dict of arrays) to GPU ``device`` (default 0).

    Parameters
    ----------
    array : array, tuple, list or dict
        What to copy.
    device : int or cupy.cuda.Device, optional
        The GPU (0 by default).
    stream : optional
        Accepted for compatibility with Chainer; unused.

    Returns
    -------
    cupy.ndarray, tuple, list or dict
        The same structure with CuPy arrays of the same shapes and dtypes.
    """
    dev = backend.GpuDevice(0 if device is None else getattr(device, 'id', device))
    return dev.send(array)


def to_cpu(array, stream=None):
    """Copy an array (or nested list/tuple/dict of arrays) to the host as NumPy arrays.

    Parameters
    ----------
    array : array, NumPy scalar, tuple, list, dict or None
        What to copy.
    stream : optional
        Accepted for compatibility with Chainer; unused.

    Returns
    -------
    numpy.ndarray, tuple, list, dict or None
        The same structure with NumPy arrays of the same shapes and dtypes (a scalar becomes
        a 0-d array).
    """
    if array is None:
        return None
    if isinstance(array, (numpy.number, numpy.bool_)):
        return numpy.asarray(array)
    return backend.CpuDevice().send(array)


def get_device_from_id(device_id):
    """The CuPy device object for an id (imports CuPy).

    Parameters
    ----------
    device_id : int
        The GPU id.

    Returns
    -------
    cupy.cuda.Device
        The device.
    """
    return backend._cupy().cuda.Device(device_id)


def get_device_from_array(*arrays):
    """The CuPy device of the first CuPy array, else a dummy context on the CPU.

    Parameters
    ----------
    *arrays : array
        The arrays to inspect.

    Returns
    -------
    cupy.cuda.Device or DummyDevice
        The device of the first CuPy array, or :data:`DummyDevice`.
    """
    for a in arrays:
        if backend._is_cupy_array(a):
            return a.device
    return DummyDevice


class _DummyDevice:
    id = -1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def use(self):
        pass

    def __int__(self):
        return -1


DummyDevice = _DummyDevice()


def elementwise(in_params, out_params, operation, name, **kwargs):
    """A memoised CuPy ElementwiseKernel.

    Parameters
    ----------
    in_params, out_params, operation, name
        As for :class:`cupy.ElementwiseKernel`.
    **kwargs
        Passed on to :class:`cupy.ElementwiseKernel`.

    Returns
    -------
    cupy.ElementwiseKernel
        The kernel, made once per distinct set of arguments.
    """
    return _kernel('ElementwiseKernel', in_params, out_params, operation, name, **kwargs)


def reduce(in_params, out_params, map_expr, reduce_expr, post_map_expr, identity, name,
           **kwargs):
    """A memoised CuPy ReductionKernel.

    Parameters
    ----------
    in_params, out_params, map_expr, reduce_expr, post_map_expr, identity, name
        As for :class:`cupy.ReductionKernel`.
    **kwargs
        Passed on to :class:`cupy.ReductionKernel`.

    Returns
    -------
    cupy.ReductionKernel
        The kernel, made once per distinct set of arguments.
    """
    return _kernel('ReductionKernel', in_params, out_params, map_expr, reduce_expr,
                   post_map_expr, identity, name, **kwargs)


_kernels = {}


def _kernel(kind, *args, **kwargs):
    key = (kind, args, tuple(sorted(kwargs.items())))
    k = _kernels.get(key)
    if k is None:
        k = _kernels[key] = getattr(backend._cupy(), kind)(*args, **kwargs)
    return k
