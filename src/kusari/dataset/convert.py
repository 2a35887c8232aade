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


def _concat_examples(batch, device=None, padding=None):
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


concat_examples = _CallableConverter(_concat_examples)
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
