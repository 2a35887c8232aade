"""Converters: turn a list of examples into batched arrays on a device."""
import numpy

from kusari import backend


class Converter:
    """Base class of converters: ``converter(batch, device)`` returns arrays on ``device``.

    A converter is called with ``device`` as a :class:`kusari.backend.Device` (or ``None``).
    Plain functions that expect Chainer's integer device ids (``-1`` for the CPU) are still
    accepted by the updaters and evaluators.
    """

    def __call__(self, batch, device):
        raise NotImplementedError('Concrete class must implement __call__.')


class _CallableConverter(Converter):
    """Wraps a function so that it receives ``device`` as a Device (see :func:`converter`)."""

    def __init__(self, base_callable):
        if not callable(base_callable):
            raise TypeError('Can only wrap a callable. Actual: {}'.format(type(base_callable)))
        self.base_callable = base_callable
        self.__doc__ = getattr(base_callable, '__doc__', None)
        self.__name__ = getattr(base_callable, '__name__', type(self).__name__)

    def __call__(self, *args, **kwargs):
        if len(args) >= 2:
            args = list(args)
            args[1] = _get_device(args[1])
        elif 'device' in kwargs:
            kwargs['device'] = _get_device(kwargs['device'])
        return self.base_callable(*args, **kwargs)


def converter():
    """Decorator that makes a function ``f(batch, device=None, ...)`` a :class:`Converter`.

    The decorated function always receives ``device`` as a :class:`kusari.backend.Device` (or
    ``None``), whatever specifier (int, string, Device) the caller passed.

    Returns
    -------
    callable
        The decorator.

    Examples
    --------
    >>> @converter()
    ... def my_converter(batch, device=None):
    ...     return concat_examples(batch, device)
    """
    def wrap(func):
        return _CallableConverter(func)
    return wrap


def _get_device(device_spec):
    if device_spec is None:
        return None
    return backend.get_device(device_spec)


def _call_converter(converter, batch, device):
    """Call ``converter`` with ``device`` (a Device or None) in the form it expects."""
    if isinstance(converter, Converter) or device is None:
        return converter(batch, device)
    if device.xp is numpy:
        return converter(batch, -1)
    return converter(batch, device.device_id)


def to_device(device, x):
    """Send ``x`` (an array, or a nested tuple/list/dict of arrays) to ``device``.

    Parameters
    ----------
    device : None, int, str or Device
        ``None`` leaves ``x`` where it is; otherwise any specifier accepted by
        :func:`kusari.backend.get_device` (``-1`` is the CPU, ``N >= 0`` GPU N).
    x : array or nested container of arrays
        What to send.

    Returns
    -------
    The transferred object.
    """
    device = _get_device(device)
    if device is None:
        return x
    return device.send(x)


def _concat_arrays(arrays, padding):
    first = arrays[0]
    if not (isinstance(first, numpy.ndarray) or backend._is_cupy_array(first)):
        arrays = numpy.asarray(arrays)
        if padding is None:
            return arrays
        first = arrays[0]
    xp = backend.get_array_module(first)
    if padding is None:
        return xp.stack(arrays)
    shape = list(first.shape)
    for a in arrays[1:]:
        if a.ndim != len(shape):
            raise ValueError('arrays to pad must have the same number of dimensions: {} and {}'
                             .format(first.shape, a.shape))
        shape = [max(s, t) for s, t in zip(shape, a.shape)]
    result = xp.full([len(arrays)] + shape, padding, dtype=first.dtype)
    for i, a in enumerate(arrays):
        result[(i,) + tuple(slice(n) for n in a.shape)] = a
    return result


def concat_examples_func(batch, device=None, padding=None):
    """The function behind :data:`concat_examples` (``device`` as a Device or None)."""
    if len(batch) == 0:
        raise ValueError('batch is empty')
    first = batch[0]
    if isinstance(first, tuple):
        n = len(first)
        if not isinstance(padding, tuple):
            padding = (padding,) * n
        elif len(padding) != n:
            raise ValueError('padding has {} elements but the examples have {}'.format(
                len(padding), n))
        return tuple(to_device(device, _concat_arrays([ex[i] for ex in batch], padding[i]))
                     for i in range(n))
    if isinstance(first, dict):
        if not isinstance(padding, dict):
            padding = {key: padding for key in first}
        return {key: to_device(device, _concat_arrays([ex[key] for ex in batch],
                                                      padding.get(key)))
                for key in first}
    return to_device(device, _concat_arrays(batch, padding))


concat_examples = _CallableConverter(concat_examples_func)
concat_examples.__doc__ = """Concatenate a list of examples into batched arrays.

Examples may be arrays (the result is one array), tuples (a tuple of arrays, one per
position) or dicts (a dict of arrays, one per key). Each batched array has the examples'
shape with a new leading axis of length ``len(batch)``.

Parameters
----------
batch : list
    The examples (arrays, tuples of arrays or dicts of arrays; scalars are allowed).
device : None, int, str or Device
    Where to send the result; ``None`` leaves the arrays where they are, ``-1`` (or
    ``'@numpy'``) is the CPU, ``N >= 0`` (or ``'@cupy:N'``) GPU N.
padding : scalar, tuple or dict, optional
    If given, arrays of different shapes are padded with this value up to the largest
    extent of each axis. A tuple (for tuple examples) or dict (for dict examples) gives one
    value per position or key.

Returns
-------
array, tuple of arrays or dict of arrays
    The batched arrays, of shape ``(len(batch),) + example_shape``.

Raises
------
ValueError
    If ``batch`` is empty.
"""


def _device_id(device):
    """``None``, ``-1`` (the CPU) or a GPU id, from any device specifier."""
    if device is None:
        return None
    device = backend.get_device(device)
    if device.xp is numpy:
        return -1
    return device.device_id


def _split_columns(batch, padding):
    """``(keys, columns, paddings, pack)`` of a batch of tuples, dicts or plain values."""
    first = batch[0]
    if isinstance(first, tuple):
        keys = range(len(first))
        if not isinstance(padding, tuple):
            padding = (padding,) * len(first)
        return keys, [[ex[i] for ex in batch] for i in keys], padding, tuple
    if isinstance(first, dict):
        keys = list(first)
        if not isinstance(padding, dict):
            padding = {key: padding for key in keys}
        return keys, [[ex[k] for ex in batch] for k in keys], padding, dict
    return [None], [batch], {None: padding}, None


class ConcatWithAsyncTransfer:
    """A converter that concatenates examples and copies them to a GPU on a side stream.

    It returns what :data:`concat_examples` returns; on a GPU, each batched array goes
    through a :class:`Conveyor`: it is copied into page-locked host memory and from there to
    the GPU asynchronously on ``stream``, so that the copy of the next batch can overlap the
    kernels that work on the current one. Each column reuses two pairs of buffers in turn
    (double buffering): a returned GPU array is overwritten by the call after next, so do not
    keep it longer than one iteration. On the CPU (``device`` ``None`` or negative) it is
    :data:`concat_examples`.

    Parameters
    ----------
    stream : cupy.cuda.Stream, optional
        The stream of the copies; a non-blocking stream is made on the first GPU call when
        omitted.
    compute_stream : cupy.cuda.Stream, optional
        The stream the model computes on. When given, two events order the copies against
        the compute kernels (the copies wait for the kernels of the previous batch, the
        kernels wait for the copies) instead of a device-wide synchronization per call.

    Examples
    --------
    >>> updater = kusari.training.updaters.StandardUpdater(  # doctest: +SKIP
    ...     train_iter, optimizer, converter=ConcatWithAsyncTransfer(), device=0)
    """

    def __init__(self, stream=None, compute_stream=None):
        self._stream = stream
        self.compute_stream = compute_stream
        self._device = None
        self._started = False
        self._conveyors = {}
        self._events = None

    def __getstate__(self):
        # streams, events and pinned buffers do not survive pickling; a copy starts afresh
        state = self.__dict__.copy()
        state.update(_stream=None, compute_stream=None, _device=None, _started=False,
                     _conveyors={}, _events=None)
        return state

    def __call__(self, batch, device=None, padding=None):
        """Concatenate ``batch`` and send it to ``device``.

        Parameters
        ----------
        batch : list
            The examples (arrays, tuples or dicts of arrays), as for :data:`concat_examples`.
        device : None, int, str or Device
            Where to send the arrays; fixed by the first call.
        padding : scalar, tuple or dict, optional
            As for :data:`concat_examples`.

        Returns
        -------
        array, tuple of arrays or dict of arrays
            The batched arrays on ``device``.

        Raises
        ------
        ValueError
            If ``batch`` is empty, or ``device`` differs from the first call's.
        """
        if len(batch) == 0:
            raise ValueError('batch is empty')
        device_id = _device_id(device)
        if not self._started:
            self._device = device_id
            self._started = True
            if device_id is not None and device_id >= 0:
                cupy = _cuda_module()
                with cupy.cuda.Device(device_id):
                    if self._stream is None:
                        self._stream = cupy.cuda.Stream(non_blocking=True)
                    if self.compute_stream is not None:
                        self._events = (cupy.cuda.Event(), cupy.cuda.Event())
        elif device_id != self._device:
            raise ValueError('ConcatWithAsyncTransfer: device is different from the first '
                             'call\'s ({} now, {} before)'.format(device_id, self._device))
        keys, columns, paddings, pack = _split_columns(batch, padding)
        on_gpu = device_id is not None and device_id >= 0
        if not on_gpu:
            arrays = [to_device(device_id, _concat_arrays(c, paddings[k]))
                      for k, c in zip(keys, columns)]
        else:
            cupy = _cuda_module()
            with cupy.cuda.Device(device_id):
                if self._events is not None:
                    kernels_done, copies_done = self._events
                    kernels_done.synchronize()   # the kernels on the previous batch
                    kernels_done.record(self.compute_stream)
                for k, c in zip(keys, columns):
                    self._conveyor(k).put(_concat_arrays(c, paddings[k]))
                arrays = [self._conveyor(k).get(sync=self._events is None) for k in keys]
                if self._events is not None:
                    copies_done.record(self._stream)
                    self.compute_stream.wait_event(copies_done)
        if pack is tuple:
            return tuple(arrays)
        if pack is dict:
            return dict(zip(keys, arrays))
        return arrays[0]

    def _conveyor(self, key):
        conveyor = self._conveyors.get(key)
        if conveyor is None:
            conveyor = self._conveyors[key] = Conveyor(self._device, self._stream)
        return conveyor


def _cuda_module():
    return backend._cupy()


class Conveyor:
    """Asynchronous copies of host arrays to a GPU with double buffering.

    :meth:`put` starts a copy and :meth:`get` returns its result (first in, first out). On
    the GPU with a stream, :meth:`put` copies the array into page-locked host memory and
    starts the copy to the device on the stream; two pairs of buffers (page-locked host,
    device) are used in turn, so a result is overwritten by the second :meth:`put` after it.
    Otherwise :meth:`put` sends the array with :func:`to_device` at once.

    Parameters
    ----------
    device : int, optional
        The GPU id; negative for the CPU; ``None`` leaves arrays where they are.
    stream : cupy.cuda.Stream, optional
        The stream of the copies; without one, copies are synchronous.
    """

    def __init__(self, device=None, stream=None):
        self._device = device
        self._stream = stream
        self._buffers = [None, None]
        self._results = []

    def _async(self):
        return self._device is not None and self._device >= 0 and self._stream is not None

    def put(self, array):
        """Start sending ``array`` (a NumPy array for the asynchronous path) to the device."""
        if not self._async() or not isinstance(array, numpy.ndarray):
            self._results.append(to_device(self._device, array))
            return
        cupy = _cuda_module()
        buffers = self._buffers.pop(0)
        with cupy.cuda.Device(self._device):
            if buffers is None or buffers[0].shape != array.shape or \
                    buffers[0].dtype != array.dtype:
                # Wait for all work on the device before replacing buffers that a kernel or a
                # copy on another stream may still be using.
                cupy.cuda.runtime.deviceSynchronize()
                memory = cupy.cuda.alloc_pinned_memory(max(array.nbytes, 1))
                host = numpy.frombuffer(memory, array.dtype, array.size).reshape(array.shape)
                buffers = (host, cupy.empty(array.shape, array.dtype))
            host, dev = buffers
            host[...] = array
            dev.set(host, self._stream)
        self._buffers.append(buffers)
        self._results.append(dev)

    def get(self, sync=True):
        """The oldest result of :meth:`put`.

        Parameters
        ----------
        sync : bool
            Wait until every copy on the device has finished (otherwise the caller orders
            its kernels after the copy, e.g. with an event).

        Returns
        -------
        array
        """
        if self._async() and sync:
            _cuda_module().cuda.runtime.deviceSynchronize()
        return self._results.pop(0)
