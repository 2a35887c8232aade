"""``kusari.utils`` (``chainer.utils``): small helpers shared by the functions and links.

Only what every import needs is loaded here; the submodules (``argument``, ``array``,
``cache``, ``conv``, ``conv_nd``, ``conv_nd_kernel``, ``error``, ``imgproc``, ``meta``,
``precision``, ``sparse``, ``type_check``, ``walker_alias``) and the names Chainer re-exports
from them (``WalkerAlias``, ``CooMatrix``, ``to_coo``, ``get_order``, ``get_conv_outsize``,
``get_deconv_outsize``, ``enable_final``, ``final``) are imported on first use, so that
``import kusari`` stays fast.
"""
import collections.abc as collections_abc  # noqa: F401 - Chainer's alias
import contextlib
import importlib

import numpy

from kusari import backend
from kusari.utils._threads import get_num_threads, set_num_threads  # noqa: F401 - public
from kusari.utils.experimental import experimental  # noqa: F401
from kusari.utils.nondeterministic import nondeterministic  # noqa: F401


def force_array(x, dtype=None):
    """Return ``x`` as an array: ufuncs on 0-d arrays return scalars, this undoes that.

    Parameters
    ----------
    x : array or scalar
        An array or a NumPy scalar.
    dtype : dtype, optional
        If given, the result's dtype.

    Returns
    -------
    array
        ``x`` as an array of its shape (0-d for a scalar).
    """
    if type(x) is numpy.ndarray:
        return x if dtype is None else x.astype(dtype, copy=False)
    if isinstance(x, numpy.generic) or numpy.isscalar(x):
        return numpy.asarray(x, dtype=dtype)
    return x if dtype is None else x.astype(dtype, copy=False)


#: Alignment in bytes of :func:`empty_aligned` (a cache line; an AVX-512 vector).
ALIGNMENT = 64


def empty_aligned(shape, dtype, min_bytes=1 << 16):
    """An uninitialized C-contiguous NumPy array whose data starts on a 64-byte boundary
    when it has at least ``min_bytes`` bytes (``numpy.empty`` aligns to 16 bytes only).

    Used for the packed buffers of :mod:`kusari.chainermn`. The CPU kernels' outputs (batch
    normalization, relu) come from ``numpy.empty``: an A/B on the benchmark VM found their
    kernels no faster with an aligned output (BN forward on (128, 256, 8, 8): 0.247 against
    0.249 ms), and the larger request (``nbytes + 64``) can miss the allocator's reuse of a
    freed buffer of the same size (1 MB: 3 us slower). Smaller arrays come from
    ``numpy.empty`` as they are.

    Parameters
    ----------
    shape : tuple of int
        The shape.
    dtype : dtype
        The dtype.
    min_bytes : int
        The size from which the result is aligned.

    Returns
    -------
    numpy.ndarray
        Shape ``shape``; if aligned, a view of a slightly larger byte buffer (its ``base``).
    """
    dtype = numpy.dtype(dtype)
    nbytes = dtype.itemsize
    for s in shape:
        nbytes *= s
    if nbytes < min_bytes:
        return numpy.empty(shape, dtype)
    raw = numpy.empty(nbytes + ALIGNMENT, numpy.uint8)
    start = -raw.ctypes.data % ALIGNMENT
    return raw[start:start + nbytes].view(dtype).reshape(shape)


def size_of_shape(shape):
    """The number of elements of an array of ``shape``.

    Parameters
    ----------
    shape : tuple of ints
        The shape.

    Returns
    -------
    int
        The product of the dimensions (1 for ``()``).
    """
    size = 1
    for s in shape:
        size *= s
    return int(size)


def sum_to(x, shape):
    """Sum the raw array ``x`` down to ``shape`` (undoing NumPy broadcasting).

    For Variables use :func:`kusari.functions.sum_to`, which is differentiable.

    Parameters
    ----------
    x : array
        An array of shape ``(..., *shape')`` broadcast from ``shape``.
    shape : tuple of ints
        The target shape.

    Returns
    -------
    array
        Shape ``shape``, dtype of ``x`` (``x`` itself when the shapes already agree).

    Raises
    ------
    TypeError
        If ``x`` is a Variable.
    """
    if x.shape == shape:
        return x
    if type(x) is not numpy.ndarray:
        from kusari.variable import Variable
        if isinstance(x, Variable):
            raise TypeError('kusari.utils.sum_to takes arrays, not Variables: use '
                            'kusari.functions.sum_to for a Variable')
    lead = x.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        i + lead for i, s in enumerate(shape) if s == 1 and x.shape[i + lead] != 1)
    y = x.sum(axis=axes, keepdims=True)
    if lead:
        y = y.reshape(y.shape[lead:])
    if type(y) is not numpy.ndarray and isinstance(y, numpy.generic):
        y = numpy.asarray(y)
    return y


def get_array_module(*args):
    """Alias of :func:`kusari.backend.get_array_module`.

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


def force_type(dtype, value):
    """``value`` as ``dtype``: a scalar becomes ``dtype.type(value)``, an array is cast
    (without a copy when it already has ``dtype``).

    Parameters
    ----------
    dtype : numpy.dtype
        The target dtype.
    value : scalar or array
        The value.

    Returns
    -------
    scalar or array
        ``value`` of dtype ``dtype``.
    """
    if numpy.isscalar(value):
        return dtype.type(value)
    if value.dtype != dtype:
        return value.astype(dtype, copy=False)
    return value


@contextlib.contextmanager
def tempdir(**kwargs):
    """A temporary directory that exists inside the ``with`` block and is removed after it.

    Parameters
    ----------
    ignore_errors : bool, optional
        Ignore errors while removing it.
    **kwargs
        Passed to :func:`tempfile.mkdtemp` (``suffix``, ``prefix``, ``dir``).

    Yields
    ------
    str
        The directory's path.
    """
    import shutil
    import tempfile
    ignore_errors = kwargs.pop('ignore_errors', False)
    path = tempfile.mkdtemp(**kwargs)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=ignore_errors)


def _repr_with_named_data(inst, **kwargs):
    """``'<module.Class a=1 b=2>'``: a repr of ``inst`` showing the given values."""
    return '<{}.{} {}>'.format(type(inst).__module__, type(inst).__qualname__,
                               ' '.join('{}={}'.format(k, v) for k, v in kwargs.items()))


def _check_arrays_forward_compatible(arrays, label=None):
    """Raise TypeError if ``arrays`` mix array types (e.g. NumPy and CuPy)."""
    from kusari.backend import is_arrays_compatible
    if not is_arrays_compatible(arrays):
        raise TypeError('incompatible array types are mixed in the forward input{}.\n'
                        'Actual: {}'.format('' if label is None else ' ({})'.format(label),
                                            ', '.join(str(type(a)) for a in arrays)))


def _raise_from(exc_type, message, orig_exc):
    """Raise ``exc_type`` with ``message`` and the text of ``orig_exc`` (which it chains)."""
    new = exc_type('{}\n\n(caused by)\n{}: {}\n'.format(
        message, type(orig_exc).__name__, orig_exc))
    raise new.with_traceback(orig_exc.__traceback__) from None


_SUBMODULES = frozenset((
    '_collections', 'argument', 'array', 'cache', 'conv', 'conv_nd', 'conv_nd_kernel',
    'error', 'imgproc', 'meta', 'precision', 'sparse', 'type_check', 'walker_alias'))
_NAMES = {
    'WalkerAlias': 'walker_alias', 'CooMatrix': 'sparse', 'to_coo': 'sparse',
    'get_order': 'sparse', 'get_conv_outsize': 'conv', 'get_deconv_outsize': 'conv',
    'enable_final': 'meta', 'final': 'meta', '_format_array_props': 'error',
}


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module('kusari.utils.' + name)
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))
    value = getattr(importlib.import_module('kusari.utils.' + module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | _SUBMODULES | set(_NAMES))
