"""Thread-local configuration (Chainer's ``chainer.config`` / ``chainer.global_config``).

A :class:`GlobalConfig` keeps its values as the class attributes of a class of its own, a
subclass of :class:`LocalConfig` (a :class:`threading.local`); ``LocalConfig(global_config)``
is an instance of that class. A plain attribute read on it finds the thread's own override
first and the global value otherwise, with no Python-level fallback code on the hot path.
"""
import contextlib
import os
import sys
import threading

import numpy


def _print_attrs(obj, keys, file):
    width = max([len(k) for k in keys], default=0)
    for key in keys:
        file.write('{} {}{}\n'.format(key, ' ' * (width - len(key)), getattr(obj, key)))


class LocalConfig(threading.local):
    """The configuration as one thread sees it: its own values over a :class:`GlobalConfig`.

    Setting an attribute changes it for the current thread only; reading one that this
    thread has not set gives the global value; deleting one removes this thread's value
    (an ``AttributeError`` if it has none).

    Parameters
    ----------
    global_config : GlobalConfig
        The values seen where this thread sets none.
    """

    def __new__(cls, global_config=None):
        if cls is LocalConfig:
            if not isinstance(global_config, GlobalConfig):
                raise TypeError('LocalConfig needs a GlobalConfig, not {}'.format(
                    type(global_config).__name__))
            cls = global_config._view
        return super().__new__(cls)

    def __init__(self, global_config=None):
        pass

    def show(self, file=sys.stdout):
        """Print every configuration key with its value for this thread, sorted by name.

        Parameters
        ----------
        file : file-like
            Where to write (standard output by default).
        """
        keys = set(type(self)._global._keys) | set(self.__dict__)
        _print_attrs(self, sorted(keys), file)

    def __repr__(self):
        return '<kusari.configuration.LocalConfig>'


class _Wrapped(staticmethod):
    """A global value that is a descriptor (a function...): read back as itself."""


class GlobalConfig:
    """Configuration values shared by every thread (unless a thread sets its own)."""

    def __init__(self):
        view = type('LocalConfig', (LocalConfig,), {'__module__': __name__, '__slots__': ()})
        view._global = self
        object.__setattr__(self, '_view', view)
        object.__setattr__(self, '_keys', set())

    def __getattr__(self, name):
        if name in self.__dict__.get('_keys', ()):
            return getattr(self._view, name)
        raise AttributeError('kusari.global_config has no key {!r}'.format(name))

    def __setattr__(self, name, value):
        if hasattr(type(value), '__get__'):     # a function would become a bound method
            value = _Wrapped(value)
        setattr(self._view, name, value)
        self._keys.add(name)

    def __delattr__(self, name):
        if name not in self._keys:
            raise AttributeError('kusari.global_config has no key {!r}'.format(name))
        delattr(self._view, name)
        self._keys.discard(name)

    def show(self, file=sys.stdout):
        """Print every global configuration key with its value, sorted by name.

        Parameters
        ----------
        file : file-like
            Where to write (standard output by default).
        """
        _print_attrs(self, sorted(self._keys), file)


def env_flag(name, default=True):
    """The boolean environment variable ``name``: False for ``0``, ``false``, ``no`` or
    ``off`` (any case), True for any other value, ``default`` when unset."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() not in ('0', 'false', 'no', 'off')


_defaults = dict(
    train=True,
    enable_backprop=True,
    debug=False,
    type_check=True,
    dtype=numpy.dtype(numpy.float32),
    keep_graph_on_report=False,
    in_recomputing=False,
    _will_recompute=False,      # set while F.forget runs its function without a graph
    warn_nondeterministic=False,  # utils.nondeterministic warns when set
    use_cudnn='never',          # accepted for compatibility; kusari has no cuDNN path
    cudnn_deterministic=False,
    autotune=False,
    use_cudnn_tensor_core='auto',
    use_ideep='never',
    cudnn_fast_batch_normalization=False,   # accepted for compatibility (no cuDNN path)
    compute_mode=None,          # Chainer's memory-layout mode; kusari has only the default
    lazy_grad_sum=False,
    schedule_func=None,         # the schedule of the static chain being called (static_graph)
    use_static_graph=True,      # False: static_graph-decorated code runs with no bookkeeping
    # CPU kernels through Numba; False runs the NumPy reference paths (KUSARI_USE_NUMBA=0
    # in the environment makes False the default)
    use_numba=env_flag('KUSARI_USE_NUMBA'),
)
global_config = GlobalConfig()
for _k, _v in _defaults.items():
    setattr(global_config, _k, _v)
config = LocalConfig(global_config)


@contextlib.contextmanager
def using_config(name, value, config=config):
    """Set a configuration key for the current thread inside a ``with`` block.

    Parameters
    ----------
    name : str
        The key, e.g. ``'train'`` or ``'enable_backprop'``.
    value : object
        Its value inside the block; the previous value comes back on exit.
    config : object, optional
        The configuration object (the thread-local ``kusari.config`` by default).
    """
    local = config.__dict__
    had = name in local
    old = local.get(name)
    setattr(config, name, value)
    try:
        yield
    finally:
        if had:
            setattr(config, name, old)
        else:
            delattr(config, name)


class _Mixed16:
    """The dtype-like value of ``config.dtype`` for 16/32-bit mixed precision.

    Activations and most parameters are float16; links that need more precision
    (batch and group normalization) ask :func:`get_dtype` with ``map_mixed16=numpy.float32``.
    ``numpy.dtype(mixed16)`` is float16.
    """

    dtype = numpy.dtype(numpy.float16)

    def __repr__(self):
        return "dtype('mixed16')"

    def __reduce__(self):
        return 'mixed16'


#: Chainer's ``chainer.mixed16``: set ``config.dtype = mixed16`` for mixed precision.
mixed16 = _Mixed16()


def get_dtype(dtype=None, map_mixed16=None):
    """Resolve ``dtype`` (``None`` means ``config.dtype``) to a :class:`numpy.dtype`.

    Under :data:`mixed16` (or the string ``'mixed16'``), the result is ``map_mixed16``
    when given and float16 otherwise, as in Chainer.

    Parameters
    ----------
    dtype : dtype, str or None
        The dtype to resolve.
    map_mixed16 : dtype, optional
        What ``mixed16`` stands for.

    Returns
    -------
    numpy.dtype
        The resolved dtype.
    """
    if dtype is None:
        dtype = config.dtype
    if dtype is mixed16 or (isinstance(dtype, str) and dtype == 'mixed16'):
        return numpy.dtype(numpy.float16 if map_mixed16 is None else map_mixed16)
    return numpy.dtype(dtype)
