"""``chainer.backends.cuda``: the GPU device and Chainer's CuPy helpers.

CuPy is imported only when something GPU-related is used: reading ``cuda.cupy`` (or
``Device``, ``Stream``, ``Event``, ``memory_pool``) imports it when it is installed, so that
``xp is cuda.cupy`` holds for CuPy code exactly as in Chainer. Without CuPy, ``cuda.cupy``
is a placeholder that is no array module and raises on use, naming the extra to install.
"""
import functools
import importlib.util
import sys
import warnings

import numpy

from kusari import _backend
from kusari.backends import _cpu

available = importlib.util.find_spec('cupy') is not None
cudnn_enabled = False
_integer_types = (int, numpy.integer)


def _import_cupy():
    try:
        import cupy
    except ImportError as e:
        raise RuntimeError(
            'kusari: this needs CuPy and a CUDA GPU. Install it with '
            "`pip install 'kusari[cupy]'` (or the cupy-cudaXXx wheel matching your CUDA)."
        ) from e
    return cupy


class _MissingCupy:
    """``cuda.cupy`` without CuPy: not an array module; any attribute raises."""

    def __getattr__(self, name):
        _import_cupy()
        raise AttributeError(name)  # pragma: no cover - _import_cupy raised

    def __repr__(self):
        return '<cupy: not installed>'


_missing_cupy = _MissingCupy()


class _NdarrayMeta(type):
    def __instancecheck__(cls, obj):
        cupy = sys.modules.get('cupy')
        return cupy is not None and isinstance(obj, cupy.ndarray)


class _Ndarray(metaclass=_NdarrayMeta):
    """``cupy.ndarray`` for isinstance checks before CuPy is imported."""

    def __new__(cls, *args, **kwargs):
        return _import_cupy().ndarray(*args, **kwargs)


_CUPY_NAMES = {'Device': 'cuda.Device', 'Stream': 'cuda.Stream', 'Event': 'cuda.Event'}


def __getattr__(name):
    if name == 'cupy':
        if not available:
            return _missing_cupy
        cupy = _import_cupy()
        globals()['cupy'] = cupy
        return cupy
    if name == 'ndarray':
        cupy = sys.modules.get('cupy')
        return _Ndarray if cupy is None else cupy.ndarray
    if name in _CUPY_NAMES:
        obj = _import_cupy()
        for part in _CUPY_NAMES[name].split('.'):
            obj = getattr(obj, part)
        return obj
    if name in ('memory_pool', 'pinned_memory_pool'):
        cupy = _import_cupy()
        return (cupy.get_default_memory_pool() if name == 'memory_pool'
                else cupy.get_default_pinned_memory_pool())
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))


def _is_cupy_array(x):
    cupy = sys.modules.get('cupy')
    return cupy is not None and isinstance(x, cupy.ndarray)


def check_cuda_available():
    """Raise ``RuntimeError`` naming the extra to install when CuPy cannot be used.

    Raises
    ------
    RuntimeError
        If CuPy cannot be imported.
    """
    _import_cupy()


class DummyDeviceType:
    """A do-nothing stand-in for ``cupy.cuda.Device`` that represents the CPU (id -1)."""

    id = -1

    def __int__(self):
        return -1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def use(self):
        """Do nothing."""

    def synchronize(self):
        """Do nothing."""

    def __eq__(self, other):
        return isinstance(other, DummyDeviceType)

    def __ne__(self, other):
        return not self == other

    __hash__ = object.__hash__


DummyDevice = DummyDeviceType()


class GpuDevice(_backend.Device):
    """A CUDA device with CuPy arrays; ``name`` is ``'@cupy:N'``.

    Parameters
    ----------
    device : cupy.cuda.Device or int
        The CUDA device (an int is taken as its id).

    Raises
    ------
    RuntimeError
        If CuPy is not installed.
    """

    __hash__ = _backend.Device.__hash__

    def __init__(self, device):
        cupy = _import_cupy()
        if isinstance(device, _integer_types) and not isinstance(device, bool):
            device = cupy.cuda.Device(int(device))
        if not isinstance(device, cupy.cuda.Device):
            raise TypeError('GpuDevice takes a cupy.cuda.Device or an int, not {}'.format(
                type(device).__name__))
        self.device = device

    @staticmethod
    def from_device_id(device_id):
        """The GpuDevice of CUDA device ``device_id``.

        Raises
        ------
        ValueError
            If ``device_id`` is not a non-negative int.
        """
        check_cuda_available()
        if not (isinstance(device_id, _integer_types) and not isinstance(device_id, bool)
                and device_id >= 0):
            raise ValueError('invalid CUDA device id: {!r} (expected an int >= 0)'.format(
                device_id))
        return GpuDevice(int(device_id))

    @staticmethod
    def from_array(array):
        """The GpuDevice of a CuPy array, else None."""
        if _is_cupy_array(array) and array.device is not None:
            return GpuDevice(array.device)
        return None

    @property
    def xp(self):
        """The ``cupy`` module."""
        return sys.modules['cupy']

    @property
    def supported_array_types(self):
        """``(cupy.ndarray,)``."""
        return (sys.modules['cupy'].ndarray,)

    @property
    def name(self):
        """``'@cupy:N'``."""
        return '@cupy:{}'.format(self.device.id)

    @property
    def device_id(self):
        """The CUDA device id (an int)."""
        return self.device.id

    def __eq__(self, other):
        return isinstance(other, GpuDevice) and other.device == self.device

    def __repr__(self):
        return '<GpuDevice (cupy):{}>'.format(self.device.id)

    def create_context(self):
        """A fresh ``cupy.cuda.Device`` context for this GPU (one per thread)."""
        return sys.modules['cupy'].cuda.Device(self.device.id)

    def send_array(self, array):
        """Return ``array`` as a CuPy array on this GPU, of the same shape and dtype."""
        return _array_to_gpu(array, self.device)

    def use(self):
        """Make this GPU the current CUDA device of this thread."""
        self.device.use()

    def is_array_supported(self, array):
        """Whether ``array`` is a CuPy array on this GPU."""
        return _is_cupy_array(array) and array.device == self.device


def _array_to_gpu(array, device):
    if array is None:
        return None
    cupy = _import_cupy()
    if isinstance(array, (numpy.number, numpy.bool_)):
        array = numpy.asarray(array)
    if isinstance(array, cupy.ndarray):
        if array.device == device:
            return array
        with device:
            return cupy.array(array, copy=True)
    if not isinstance(array, numpy.ndarray):
        raise TypeError('cannot send an object of type {} to the GPU: expected an array or a '
                        'NumPy scalar'.format(type(array).__name__))
    with device:
        return cupy.asarray(array)


def _device_or_current(device):
    cupy = _import_cupy()
    if device is None or device is DummyDevice:
        return cupy.cuda.Device()
    if isinstance(device, cupy.cuda.Device):
        return device
    if isinstance(device, GpuDevice):
        return device.device
    if isinstance(device, _integer_types) and not isinstance(device, bool) and device >= 0:
        return cupy.cuda.Device(int(device))
    raise ValueError('invalid CUDA device specifier: {!r}'.format(device))


def to_gpu(array, device=None, stream=None):
    """Copy an array, or a list or tuple of arrays, to a GPU.

    Parameters
    ----------
    array : array, NumPy scalar, list or tuple (None allowed)
        What to copy; shapes and dtypes are kept.
    device : int, cupy.cuda.Device or None
        The GPU; None (or ``DummyDevice``) means the current one.
    stream : optional
        Deprecated in Chainer, accepted and ignored (with a DeprecationWarning).

    Returns
    -------
    cupy.ndarray, list or tuple
        Arrays on the GPU (arrays already there are returned as they are).

    Raises
    ------
    RuntimeError
        If CuPy is not installed.
    """
    if stream is not None:
        warnings.warn('the stream argument of to_gpu is deprecated and ignored',
                      DeprecationWarning, stacklevel=2)
    check_cuda_available()
    dev = _device_or_current(device)
    return _backend._convert_arrays(array, lambda a: _array_to_gpu(a, dev))


def to_cpu(array, stream=None):
    """Copy an array, or a list or tuple of arrays, to the host as NumPy arrays.

    Parameters
    ----------
    array : array, NumPy scalar, list or tuple (None allowed)
        What to copy; shapes and dtypes are kept (a scalar becomes a 0-d array).
    stream : optional
        Accepted for compatibility; unused.

    Returns
    -------
    numpy.ndarray, list or tuple
        NumPy arrays (arrays already on the host are returned as they are).
    """
    return _cpu._to_cpu(array)


def copy(array, out=None, out_device=None, stream=None):
    """Copy a CuPy array, to ``out`` or to a new array on ``out_device``.

    Parameters
    ----------
    array : cupy.ndarray
        The source.
    out : cupy.ndarray, optional
        The destination, of the same shape.
    out_device : int or cupy.cuda.Device, optional
        Where to allocate the copy when ``out`` is None (default: ``array``'s device).

    Returns
    -------
    cupy.ndarray
        The copy.
    """
    cupy = _import_cupy()
    if out is None:
        dev = array.device if out_device is None else _device_or_current(out_device)
        with dev:
            out = cupy.empty_like(array)
    with array.device:
        cupy.copyto(out, array)
    return out


def get_device_from_id(device_id):
    """The ``cupy.cuda.Device`` of an id, or ``DummyDevice`` for None or a negative id.

    Parameters
    ----------
    device_id : int or None
        The GPU id.

    Returns
    -------
    cupy.cuda.Device or DummyDeviceType
        The device.
    """
    if device_id is not None and device_id >= 0:
        return _import_cupy().cuda.Device(int(device_id))
    return DummyDevice


def get_device_from_array(*arrays):
    """The ``cupy.cuda.Device`` of the first CuPy array, else ``DummyDevice``.

    Parameters
    ----------
    *arrays : array
        The arrays to inspect (Variables are not looked into, as in Chainer).

    Returns
    -------
    cupy.cuda.Device or DummyDeviceType
        The device.
    """
    for a in arrays:
        if _is_cupy_array(a) and a.device is not None:
            return a.device
    return DummyDevice


def get_device(*args):
    """Deprecated: the CUDA device of the first int, CuPy array or device, else DummyDevice.

    Use :func:`get_device_from_id` or :func:`get_device_from_array`.

    Returns
    -------
    cupy.cuda.Device or DummyDeviceType
        The device.
    """
    warnings.warn('get_device is deprecated. Use get_device_from_id or get_device_from_array '
                  'instead.', DeprecationWarning, stacklevel=2)
    for arg in args:
        if isinstance(arg, _integer_types) and not isinstance(arg, bool):
            return _import_cupy().cuda.Device(int(arg))
        if _is_cupy_array(arg) and arg.device is not None:
            return arg.device
        cupy = sys.modules.get('cupy')
        if cupy is not None and isinstance(arg, cupy.cuda.Device):
            return arg
    return DummyDevice


def get_array_module(*args):
    """Same as :func:`kusari.backend.get_array_module` (deprecated in Chainer).

    Returns
    -------
    module
        :mod:`cupy` if some argument is a CuPy array, else :mod:`numpy`.
    """
    from kusari import backend
    return backend.get_array_module(*args)


def memoize(for_each_device=False):
    """``cupy.memoize`` when CuPy is installed, else a decorator that memoizes nothing.

    Parameters
    ----------
    for_each_device : bool
        Keep one result per CUDA device (passed to ``cupy.memoize``).

    Returns
    -------
    callable
        A decorator.
    """
    if available:
        return _import_cupy().memoize(for_each_device)

    def decorator(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            return f(*args, **kwargs)
        return wrapper
    return decorator


def clear_memo():
    """Clear what :func:`memoize` stored (nothing to do without CuPy)."""
    if available and 'cupy' in sys.modules:
        sys.modules['cupy'].clear_memo()


_kernels = {}


def _kernel(kind, *args, **kwargs):
    key = (kind, args, tuple(sorted(kwargs.items())))
    k = _kernels.get(key)
    if k is None:
        k = _kernels[key] = getattr(_import_cupy(), kind)(*args, **kwargs)
    return k


def elementwise(in_params, out_params, operation, name, **kwargs):
    """A memoized ``cupy.ElementwiseKernel`` (same arguments; ``name`` is required).

    Returns
    -------
    cupy.ElementwiseKernel
        The kernel, made once per distinct set of arguments.
    """
    return _kernel('ElementwiseKernel', in_params, out_params, operation, name, **kwargs)


def reduce(in_params, out_params, map_expr, reduce_expr, post_map_expr, identity, name,
           **kwargs):
    """A memoized ``cupy.ReductionKernel`` (same arguments; ``name`` is required).

    Returns
    -------
    cupy.ReductionKernel
        The kernel, made once per distinct set of arguments.
    """
    return _kernel('ReductionKernel', in_params, out_params, map_expr, reduce_expr,
                   post_map_expr, identity, name, **kwargs)


def raw(code, name, *args, **kwargs):
    """A memoized ``cupy.RawKernel`` (same arguments).

    Returns
    -------
    cupy.RawKernel
        The kernel, made once per distinct set of arguments.
    """
    return _kernel('RawKernel', code, name, *args, **kwargs)


def fuse(*args, **kwargs):
    """``cupy.fuse`` when CuPy is installed; otherwise the function itself, unfused.

    Used as ``@fuse`` or ``@fuse(kernel_name=...)``.

    Returns
    -------
    callable
        The fused function, or a decorator.
    """
    if available:
        return _import_cupy().fuse(*args, **kwargs)
    if len(args) == 1 and not kwargs and callable(args[0]):
        return args[0]
    return lambda f: f


def get_max_workspace_size():
    """The cuDNN workspace size: 0, since kusari does not use cuDNN."""
    return 0


def set_max_workspace_size(size):
    """Accepted for compatibility; kusari does not use cuDNN, so nothing changes."""


def should_use_cudnn(level, lowest_version=0):
    """Always False: kusari does not use cuDNN (``chainer.should_use_cudnn``).

    Raises
    ------
    ValueError
        If ``level`` is not ``'==always'`` or ``'>=auto'``.
    """
    if level not in ('==always', '>=auto'):
        raise ValueError("invalid cuDNN use level {!r}: expected '==always' or '>=auto'".format(
            level))
    return False


def should_use_cudnn_tensor_core(dtype):
    """Always False: kusari does not use cuDNN."""
    return False
