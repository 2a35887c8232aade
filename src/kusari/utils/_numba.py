"""The one way kusari builds a CPU kernel, and what the kernels share.

A kernel is a plain module-level Python function decorated with :func:`kernel`::

    @_numba.helper                       # compiled into the kernels that call it; stays
    def coef(gamma, s):                  # plain Python for the NumPy and Variable paths
        return gamma * s

    @_numba.kernel(fastmath=True)
    def scale_kernel(x, gamma, s, y):
        k = coef(gamma, s)
        for i in range(x.size):
            y[i] = x[i] * k

The decorator returns a :class:`Kernel`: calling it compiles the function with
``numba.njit(cache=True, nogil=True, ...)`` on the first call (Numba is imported then, never
at ``import kusari``). The function is compiled as it is written in its module, with the
helpers it calls (functions marked :func:`helper`, other kernels and :func:`extern` C
functions) seen as their compiled versions, from a copy of the module's globals: no module
global is rewritten, and since each kernel is a module-level function (not a closure) its
on-disk cache hits in every later process.

Every kernel has a NumPy path beside it, taken when :func:`enabled` is False
(``kusari.config.use_numba``, ``KUSARI_USE_NUMBA=0``) or the arrays are small
(:func:`threshold`). The test runner (:class:`kusari.testing.FunctionTestCase`) runs each spec
on both paths, the kernel path inside :func:`small_sizes`, where every threshold is 0.

Kernels index with ``numpy.uint64(i)`` where it matters: unsigned indices drop the
negative-index wraparound, so LLVM sees unit-stride (or constant-stride) accesses and
vectorizes the inner loops. Kernels with a division need ``error_model='numpy'`` to
vectorize (:func:`kernel` passes it by default).
"""
import contextlib
import ctypes
import threading
import types

import numpy

from kusari.configuration import config

_importable = []


def enabled():
    """Whether the Numba kernels run: ``config.use_numba`` is on and Numba imports."""
    if not config.use_numba:
        return False
    if not _importable:
        try:
            import numba  # noqa: F401
            _importable.append(True)
        except ImportError:  # pragma: no cover - numba is a dependency
            _importable.append(False)
    return _importable[0]


def flat(*arrays):
    """1-D views of C-contiguous NumPy arrays of one dtype, float32 or float64, or None if
    any array is something else (a kernel then leaves them to the NumPy path)."""
    dtype = arrays[0].dtype
    if dtype != numpy.float32 and dtype != numpy.float64:
        return None
    out = []
    for a in arrays:
        if type(a) is not numpy.ndarray or a.dtype != dtype or not a.flags.c_contiguous:
            return None
        out.append(a.reshape(-1))
    return out


# -- size thresholds -----------------------------------------------------------------------

_small = [0]


def threshold(value):
    """``value``, a size from which a kernel (or a thread split) pays off, or 0 inside
    :func:`small_sizes`.

    Parameters
    ----------
    value : int
        The threshold (elements, bytes or channels: the caller's unit).

    Returns
    -------
    int
        ``value``, or 0 while :func:`small_sizes` is active.
    """
    return 0 if _small[0] else value


@contextlib.contextmanager
def small_sizes():
    """Inside the block every :func:`threshold` is 0, so that the kernels (and the thread
    splits) run on the small arrays of the tests. Process-wide; for tests."""
    _small[0] += 1
    try:
        yield
    finally:
        _small[0] -= 1


# -- the registry --------------------------------------------------------------------------

#: Every :class:`Kernel`, by ``module.name``.
KERNELS = {}

_helpers = {}          # plain function -> its name (marked by ``helper``)
_build_lock = threading.RLock()    # a kernel builds the kernels it calls


def helper(fn):
    """Mark a module-level function that kernels call: they see it compiled (with the
    calling kernel's options); the function itself is returned unchanged, for the NumPy
    and Variable paths.

    Parameters
    ----------
    fn : function
        A module-level function in Numba's subset of Python.

    Returns
    -------
    function
        ``fn``.
    """
    _helpers[fn] = fn.__qualname__
    return fn


class extern:
    """A C function of the process (libc) that kernels call by name, as
    ``numba.types.ExternalFunction`` (linked by symbol, so the cache stays valid); called
    from Python it goes through ctypes.

    Parameters
    ----------
    name : str
        The C symbol, e.g. ``'sched_yield'``.
    restype : str
        Its return type, a Numba type name (``'int32'``).
    *argtypes : str
        Its argument types.
    """

    def __init__(self, name, restype, *argtypes):
        self.name = name
        self.restype = restype
        self.argtypes = argtypes

    def available(self):
        """Whether the process has the symbol (``sched_yield`` is missing on Windows)."""
        try:
            getattr(ctypes.CDLL(None), self.name)
        except (OSError, AttributeError, TypeError):
            return False
        return True

    def numba_type(self):
        from numba import types as nt
        return nt.ExternalFunction(self.name, getattr(nt, self.restype)(
            *[getattr(nt, a) for a in self.argtypes]))

    def __call__(self, *args):
        return getattr(ctypes.CDLL(None), self.name)(*args)


class Kernel:
    """A module-level function compiled by Numba on its first call (see :func:`kernel`).

    Attributes
    ----------
    py_func : function
        The Python function.
    options : dict
        The options given to ``numba.njit`` besides ``cache=True`` and ``nogil=True``.
    """

    def __init__(self, fn, options):
        self.py_func = fn
        self.options = options
        self._dispatcher = None
        self.__doc__ = fn.__doc__
        self.__name__ = fn.__name__
        self.__qualname__ = fn.__qualname__
        self.__module__ = fn.__module__
        self.__wrapped__ = fn

    @property
    def dispatcher(self):
        """The Numba dispatcher (made, not compiled, on first access)."""
        d = self._dispatcher
        if d is None:
            d = self._build()
        return d

    def __call__(self, *args):
        d = self._dispatcher
        if d is None:
            d = self._build()
        return d(*args)

    def _build(self):
        with _build_lock:
            if self._dispatcher is None:
                import numba
                fn = _with_compiled_globals(self.py_func, self.options)
                self._dispatcher = numba.njit(cache=True, nogil=True, **self.options)(fn)
        return self._dispatcher

    def __repr__(self):
        return '<kusari kernel {}.{}>'.format(self.__module__, self.__qualname__)


def kernel(fn=None, **options):
    """Register a module-level function as a CPU kernel (a decorator, with or without
    options).

    Parameters
    ----------
    fn : function
        The kernel, in Numba's subset of Python.
    **options
        More ``numba.njit`` options (``fastmath=...``); ``error_model`` is ``'numpy'``
        unless given (a division by zero gives inf/nan, and divisions vectorize). Never
        ``parallel``: threads come from :mod:`kusari.utils._threads`.

    Returns
    -------
    Kernel
        Call it like the function.
    """
    if fn is None:
        return lambda f: kernel(f, **options)
    if 'parallel' in options or 'cache' in options:
        raise TypeError('kernel(): threads come from kusari.utils._threads and the cache is '
                        'always on; got {}'.format(sorted(options)))
    options.setdefault('error_model', 'numpy')
    k = Kernel(fn, options)
    KERNELS['{}.{}'.format(fn.__module__, fn.__qualname__)] = k
    return k


_compiled_helpers = {}


def _with_compiled_globals(fn, options):
    """A copy of ``fn`` whose globals map its helpers, kernels and externs to their
    compiled forms (the module's own globals are left as they are)."""
    g = fn.__globals__
    names = [n for n in fn.__code__.co_names if n in g]
    swap = {}
    for n in names:
        v = g[n]
        if isinstance(v, Kernel):
            swap[n] = v.dispatcher
        elif isinstance(v, extern):
            swap[n] = v.numba_type()
        elif callable(v) and _is_helper(v):
            swap[n] = _compiled_helper(v, options)
    if not swap:
        return fn
    new_globals = dict(g)
    new_globals.update(swap)
    f = types.FunctionType(fn.__code__, new_globals, fn.__name__, fn.__defaults__,
                           fn.__closure__)
    f.__qualname__ = fn.__qualname__
    f.__module__ = fn.__module__
    f.__doc__ = fn.__doc__
    return f


def _is_helper(v):
    try:
        return v in _helpers
    except TypeError:  # unhashable
        return False


def _compiled_helper(fn, options):
    key = (fn, tuple(sorted(options.items(), key=lambda kv: kv[0])))
    try:
        d = _compiled_helpers.get(key)
    except TypeError:       # an unhashable option value (a set of fastmath flags)
        key = (fn, repr(sorted(options.items(), key=lambda kv: kv[0])))
        d = _compiled_helpers.get(key)
    if d is None:
        import numba
        # compiled into each calling kernel, whose cache holds the result
        d = _compiled_helpers[key] = numba.njit(nogil=True, **options)(
            _with_compiled_globals(fn, options))
    return d
