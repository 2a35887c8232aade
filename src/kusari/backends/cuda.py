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
    """Raise ``RuntimeError`` with install advice when CuPy cannot be used."""
    backend._cupy()


def get_array_module(*args):
    """Same as :func:`kusari.backend.get_array_module`."""
    return backend.get_array_module(*args)


def to_gpu(array, device=None, stream=None):
    """Copy an array (or nested list/tuple/dict of arrays) to GPU ``device`` (default 0)."""
    dev = backend.GpuDevice(0 if device is None else getattr(device, 'id', device))
    return dev.send(array)


def to_cpu(array, stream=None):
    """Copy an array (or nested list/tuple/dict of arrays) to the host as NumPy arrays."""
    if array is None:
        return None
    if isinstance(array, (numpy.number, numpy.bool_)):
        return numpy.asarray(array)
    return backend.CpuDevice().send(array)


def get_device_from_id(device_id):
    """The CuPy device object for an id (imports CuPy)."""
    return backend._cupy().cuda.Device(device_id)


def get_device_from_array(*arrays):
    """The CuPy device of the first CuPy array, else a dummy context on the CPU."""
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
    """A memoised CuPy ElementwiseKernel."""
    return _kernel('ElementwiseKernel', in_params, out_params, operation, name, **kwargs)


def reduce(in_params, out_params, map_expr, reduce_expr, post_map_expr, identity, name,
           **kwargs):
    """A memoised CuPy ReductionKernel."""
    return _kernel('ReductionKernel', in_params, out_params, map_expr, reduce_expr,
                   post_map_expr, identity, name, **kwargs)


_kernels = {}


def _kernel(kind, *args, **kwargs):
    key = (kind, args, tuple(sorted(kwargs.items())))
    k = _kernels.get(key)
    if k is None:
        k = _kernels[key] = getattr(backend._cupy(), kind)(*args, **kwargs)
    return k
