"""CPU memory: kusari's pool of large arrays, and an opt-in setting of glibc's ``malloc``.

A training step allocates and frees the same large arrays (activations, gradients,
convolution buffers of a few hundred KiB to a few MiB each) over and over. glibc's
``malloc`` serves such sizes with fresh ``mmap`` pages or trims them from the heap when they
are freed, so every step pays a page fault per 4 KiB page touched again: in a process of its
own, the ResNet step of ``benchmarks/train_step.py`` took about 8,000 faults per step at
batch 64 on the 2-core VM of the benchmarks (a sixth of the step's time).

**The pool** (:class:`MemoryPool`, on by default): kusari's kernels take their large outputs
and temporaries from it (:func:`empty`, :func:`zeros`); a block whose arrays are all gone is
free again (the pool keeps it), and the next array of about its size reuses it without
faults (the same step: no faults). It is kusari's own memory, as CuPy's memory pool is on
the GPU: nothing else in the process changes, and :meth:`MemoryPool.free_all_blocks` gives
its free blocks back. ``KUSARI_CPU_MEMORY_POOL=0`` before ``import kusari`` turns it off.
Arrays that NumPy itself makes (``a + b`` in user code, small results) do not come from it.

**The malloc setting** (:func:`keep_freed_memory`, opt-in) does the same for every
allocation of the process, for good, so kusari never calls it on its own: a program opts in
by calling it, or by setting the environment variable ``KUSARI_KEEP_FREED_MEMORY=1`` before
importing kusari (``import kusari`` then calls it). With glibc it raises the ``mmap``
threshold to :data:`MMAP_THRESHOLD` (blocks below it come from the heap) and the trim
threshold to :data:`TRIM_THRESHOLD` (freed heap memory stays mapped up to that much), so a
freed block is reused without faults. The process keeps its peak heap size instead of
returning memory to the system between steps. Elsewhere (macOS, Windows, musl) it does
nothing. The same settings without kusari:
``GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824``.
"""
import ctypes
import operator
import os
import sys
import threading
import weakref

import numpy

#: Allocations of at least this many bytes still get their own ``mmap`` (and go back to the
#: system when freed): 32 MiB, the largest value every glibc accepts.
MMAP_THRESHOLD = 32 << 20

#: Free memory at the top of the heap beyond this many bytes is returned to the system.
TRIM_THRESHOLD = 1 << 30

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

_state = {'applied': False}


def _glibc_mallopt():
    if not sys.platform.startswith('linux'):
        return None
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
        libc.gnu_get_libc_version  # glibc only: musl's mallopt does nothing
    except (OSError, AttributeError):
        return None
    return mallopt


def available():
    """Whether :func:`keep_freed_memory` can change anything here (glibc's ``malloc``);
    asking changes nothing."""
    return _glibc_mallopt() is not None


def keep_freed_memory():
    """Tune glibc's ``malloc`` to keep freed blocks of up to 32 MiB in the process.

    Returns
    -------
    bool
        True when the thresholds were set (or had been by an earlier call), False where the
        C library has no glibc ``mallopt`` (nothing is changed then).

    Notes
    -----
    The setting is process-wide and one-way: glibc cannot go back to its adaptive
    thresholds. kusari calls this only where asked to (``KUSARI_KEEP_FREED_MEMORY=1`` at
    ``import kusari``).
    """
    if _state['applied']:
        return True
    mallopt = _glibc_mallopt()
    if mallopt is None:
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    # the trim threshold first: setting the mmap threshold alone would fix the trim
    # threshold at its small default and trim (and fault) on every free
    ok = mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
    ok = ok and mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
    _state['applied'] = ok
    return ok


def _apply_from_environment():
    """``import kusari`` calls this: :func:`keep_freed_memory` if the environment asks for
    it (``KUSARI_KEEP_FREED_MEMORY=1``), else nothing."""
    from kusari.configuration import env_flag
    return env_flag('KUSARI_KEEP_FREED_MEMORY', default=False) and keep_freed_memory()


# -- kusari's own pool of large arrays ------------------------------------------------------

#: Arrays of at least this many bytes come from the pool (smaller ones are cheap to get from
#: ``malloc``: glibc keeps them in its heap).
POOL_MIN_BYTES = 1 << 18

#: Blocks are rounded up to a multiple of this many bytes, so that arrays of nearby sizes
#: share blocks.
POOL_ROUND_BYTES = 1 << 16


_getrefcount = sys.getrefcount
_index_of = operator.indexOf
_get_ident = threading.get_ident


def _free_refs():
    """The reference count of a block no array uses, as the pool's scan sees it: the block
    list's reference and the scan iterator's (measured here the same way, not assumed)."""
    return next(map(_getrefcount, [numpy.empty(0, numpy.uint8)]))


_FREE_REFS = _free_refs()


class MemoryPool:
    """A pool of large CPU arrays, as CuPy's memory pool is for GPU arrays.

    kusari's kernels take their large outputs and temporaries from the default pool
    (:func:`get_default_memory_pool`): a block whose arrays are all gone is free again, not
    given back to ``malloc``, and the next array of about that size reuses it without page
    faults. Only kusari's own allocations use it; nothing else in the process changes.
    ``KUSARI_CPU_MEMORY_POOL=0`` before ``import kusari`` turns it off (kusari's arrays then
    come from ``numpy.empty``).

    Arrays from the pool are ordinary NumPy arrays that do not own their memory: ``a.base``
    is the pool's block (a 1-d ``uint8`` array), and every view of ``a`` keeps it as its
    ``base`` too. The pool tells a free block by its reference count (none but the pool's
    own), so an array costs no finalizer, and taking one costs about 1 us. A thread gets the
    free block of the size it asks for that it took itself most recently (the one likeliest
    to be in its core's cache), else one another thread used, else a new one. (Handing a
    thread blocks that another thread wrote last made the ResNet step of
    ``benchmarks/train_step.py`` at batch 16 twice as slow whenever the VM's two cores sat on
    different L3 caches.)

    Parameters
    ----------
    max_free_bytes : int
        The most bytes of free blocks kept (default 1 GiB): when the pool makes a new block
        while it holds more than this in all, it first gives its free blocks beyond this back
        to ``malloc``. :meth:`free_all_blocks` gives them all back.
    """

    def __init__(self, max_free_bytes=1 << 30):
        if (isinstance(max_free_bytes, bool) or not isinstance(max_free_bytes, (int, numpy.integer))
                or max_free_bytes < 0):
            raise ValueError('MemoryPool: max_free_bytes must be a non-negative integer, got '
                             '{!r}'.format(max_free_bytes))
        self.max_free_bytes = int(max_free_bytes)
        # rounded size -> {thread ident -> the blocks (uint8) it took last, newest first}
        self._blocks = {}
        self._total_bytes = 0     # free and in use
        self._lock = threading.Lock()
        _all_pools.add(self)

    def empty(self, shape, dtype):
        """An uninitialized array of ``shape`` and ``dtype`` (C order) from the pool.

        Parameters
        ----------
        shape : int or tuple of int
            The shape.
        dtype : numpy.dtype or type
            The dtype.

        Returns
        -------
        numpy.ndarray
            The array (from ``numpy.empty`` when under :data:`POOL_MIN_BYTES`).
        """
        if not isinstance(dtype, numpy.dtype):
            dtype = numpy.dtype(dtype)
        if type(shape) is not tuple:
            shape = (shape,) if isinstance(shape, (int, numpy.integer)) else tuple(shape)
        n = dtype.itemsize
        for s in shape:
            n *= s
        if n < POOL_MIN_BYTES:
            return numpy.empty(shape, dtype)
        size = -(-n // POOL_ROUND_BYTES) * POOL_ROUND_BYTES
        tid = _get_ident()
        with self._lock:
            lists = self._blocks.get(size)
            if lists is None:
                lists = self._blocks[size] = {}
            mine = lists.get(tid)
            if mine is None:
                mine = lists[tid] = []
            try:
                mem = mine.pop(_index_of(map(_getrefcount, mine), _FREE_REFS))
            except ValueError:    # none of this thread's is free
                mem = self._another_block(lists, mine, size)
            mine.insert(0, mem)
            return _ndarray(shape, dtype, mem)

    def _another_block(self, lists, mine, size):
        """A free block of ``size`` that another thread used last, else a new one (after a
        trim); the caller holds the lock."""
        for tid, blocks in list(lists.items()):
            if blocks is not mine:
                try:
                    mem = blocks.pop(_index_of(map(_getrefcount, blocks), _FREE_REFS))
                except ValueError:
                    continue
                if not blocks:     # (a thread that has ended leaves no empty list behind)
                    del lists[tid]
                return mem
        if self._total_bytes + size > self.max_free_bytes:
            self._trim(self.max_free_bytes)
        self._total_bytes += size
        return numpy.empty(size, numpy.uint8)

    def zeros(self, shape, dtype):
        """:meth:`empty`, filled with zeros."""
        a = self.empty(shape, dtype)
        a.fill(0)
        return a

    def _trim(self, keep):
        """Drop free blocks until at most ``keep`` bytes of them are left, the most recently
        handed-out kept first; the caller holds the lock."""
        free = 0
        for size, lists in self._blocks.items():
            for blocks in lists.values():
                counts = list(map(_getrefcount, blocks))
                kept = []
                for mem, count in zip(blocks, counts):
                    if count == _FREE_REFS:
                        if free + size > keep:
                            self._total_bytes -= size
                            continue
                        free += size
                    kept.append(mem)
                blocks[:] = kept

    def free_bytes(self):
        """Bytes of the free blocks the pool holds."""
        with self._lock:
            return sum(size * list(map(_getrefcount, blocks)).count(_FREE_REFS)
                       for size, lists in self._blocks.items() for blocks in lists.values())

    def total_bytes(self):
        """Bytes of all blocks (free and in use) the pool has handed out or holds."""
        return self._total_bytes

    def used_bytes(self):
        """Bytes of the blocks in use by arrays."""
        return self._total_bytes - self.free_bytes()

    def free_all_blocks(self):
        """Give every free block back to ``malloc`` (blocks in use stay)."""
        with self._lock:
            self._trim(0)

    def _after_fork_in_child(self):
        self._lock = threading.Lock()


_ndarray = numpy.ndarray


_pool = [None]
_all_pools = weakref.WeakSet()   # their locks are made anew in a forked child


def get_default_memory_pool():
    """kusari's :class:`MemoryPool` of this process (None when turned off by
    ``KUSARI_CPU_MEMORY_POOL=0``)."""
    return _pool[0]


def set_default_memory_pool(pool):
    """Make ``pool`` (a :class:`MemoryPool`, or None for none) the one kusari's kernels use.

    Parameters
    ----------
    pool : MemoryPool or None
        The pool; None makes the kernels allocate with ``numpy.empty``.
    """
    if pool is not None and not isinstance(pool, MemoryPool):
        raise TypeError('set_default_memory_pool: pool must be a MemoryPool or None, got '
                        '{}'.format(type(pool).__name__))
    _pool[0] = pool


def empty(shape, dtype):
    """``numpy.empty(shape, dtype)``, from the default pool when there is one."""
    pool = _pool[0]
    if pool is None:
        return numpy.empty(shape, dtype)
    return pool.empty(shape, dtype)


def zeros(shape, dtype):
    """``numpy.zeros(shape, dtype)``, from the default pool when there is one."""
    pool = _pool[0]
    if pool is None:
        return numpy.zeros(shape, dtype)
    return pool.zeros(shape, dtype)


def _make_pool_from_environment():
    from kusari.configuration import env_flag
    _pool[0] = MemoryPool() if env_flag('KUSARI_CPU_MEMORY_POOL', default=True) else None


def _after_fork_in_child():
    for pool in list(_all_pools):
        pool._after_fork_in_child()


_make_pool_from_environment()
if hasattr(os, 'register_at_fork'):
    os.register_at_fork(after_in_child=_after_fork_in_child)
