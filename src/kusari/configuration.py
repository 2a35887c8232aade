"""Thread-local configuration (Chainer's ``chainer.config`` / ``chainer.global_config``).

``config`` is a :class:`threading.local` whose class attributes are the global values: a plain
attribute read finds the thread's own override first and the global value otherwise, with no
Python-level fallback code on the hot path.
"""
import contextlib
import os
import sys
import threading

import numpy


class _Config(threading.local):
    """The per-thread view; class attributes hold the global defaults."""

    def show(self, file=sys.stdout):
        """Print every configuration key with its current value, sorted by name.

        Parameters
        ----------
        file : file-like
            Where to write (standard output by default).
        """
        keys = {k for k in vars(_Config) if not k.startswith('_') and k != 'show'}
        keys.update(self.__dict__)
        width = max(len(k) for k in keys)
        for key in sorted(keys):
            file.write('{}  {}\n'.format(key.ljust(width), getattr(self, key)))

    def __repr__(self):
        return '<kusari.configuration.LocalConfig>'


class GlobalConfig:
    """The process-wide defaults that every thread sees unless it overrides them."""

    def __getattr__(self, name):
        try:
            return getattr(_Config, name)
        except AttributeError:
            raise AttributeError(
                'kusari.global_config has no key {!r}'.format(name)) from None

    def __setattr__(self, name, value):
        setattr(_Config, name, value)

    def __delattr__(self, name):
        delattr(_Config, name)

    def show(self, file=sys.stdout):
        """Print every global configuration key with its value, sorted by name.

        Parameters
        ----------
        file : file-like
            Where to write (standard output by default).
        """
        _Config.show(_Config(), file)


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
    use_cudnn='never',          # accepted for compatibility; kusari has no cuDNN path
    cudnn_deterministic=False,
    autotune=False,
    use_cudnn_tensor_core='auto',
    use_ideep='never',
    lazy_grad_sum=False,
    # CPU kernels through Numba; False runs the NumPy reference paths (KUSARI_USE_NUMBA=0
    # in the environment makes False the default)
    use_numba=env_flag('KUSARI_USE_NUMBA'),
)
for _k, _v in _defaults.items():
    setattr(_Config, _k, _v)

global_config = GlobalConfig()
config = _Config()


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
    """Chainer's ``mixed16`` dtype specifier (``kusari.mixed16``): float16 computations, with
    the higher precision a link asks for through ``get_dtype(map_mixed16=...)`` (batch
    normalization keeps float32 parameters). ``numpy.dtype(mixed16)`` is float16, so
    ``array.astype(kusari.mixed16)`` works; the string ``'mixed16'`` means the same."""

    dtype = numpy.dtype(numpy.float16)

    def __repr__(self):
        return "dtype('mixed16')"

    def __reduce__(self):
        return 'mixed16'     # pickles as the module's singleton


mixed16 = _Mixed16()


def get_dtype(dtype=None, map_mixed16=None):
    """Resolve ``dtype`` (``None`` means ``config.dtype``) to a :class:`numpy.dtype`.

    ``mixed16`` (:data:`kusari.mixed16` or the string ``'mixed16'``) maps to ``map_mixed16``
    when given and to float16 otherwise, as in Chainer.

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
