"""kusari's CPU threads: how many, the worker pool, and BLAS's thread count while it runs.

Every multi-threaded CPU path (convolutions, batch normalization, pooling) goes through
:func:`split`: the work is cut into one share per thread; the calling thread runs the first
share and the pool's worker threads the others. The shares run Numba kernels (which release
the GIL) and NumPy's BLAS products.

**How many threads.** :func:`get_num_threads`: the number set by :func:`set_num_threads`,
else the environment variable ``KUSARI_NUM_THREADS``, else the cores this process may run on
(``os.sched_getaffinity``), as PyTorch does. The NumPy reference paths (``use_numba`` off)
run in the calling thread only.

**The pool.** One set of daemon threads per process (a forked child makes its own). A worker
that has finished a share polls for the next one for about a millisecond
(:data:`SPIN_ITERATIONS` rounds of ``sched_yield`` in a small GIL-free kernel) before it
sleeps, and so does a caller waiting for the workers: waking a sleeping thread cost about
0.1 ms on the 2-core VM of the benchmarks, twice per split, about 75 splits per ResNet
training step. The GIL changes hands when the other side is in GIL-free code (a thread that
waits for the GIL sleeps, and waking it cost 10-25 us there): a worker that sees a task polls
:data:`SETTLE_ITERATIONS` rounds more before it takes the GIL (:data:`SETTLE_PYTHON` for the
convolutions, whose shares run some Python first), and signals the end of its share from
the polling kernel; a split of two no-op shares costs about 9 us instead of 26.
One thread at a time runs a split on worker threads; a split in another
thread meanwhile (or inside a share) runs all its shares in its own thread. No other thread
pool is started: no Numba ``parallel=True`` kernel (its OpenMP pool would also reset the
OpenMP thread count of the process, PyTorch's included).

**BLAS.** NumPy's BLAS (OpenBLAS in NumPy's wheels) keeps its own threads, and its threaded
products serialize on a process-wide lock when two threads call it at once. So while a split
whose shares call BLAS runs on worker threads, the thread count of NumPy's BLAS is 1 (each
share's products run in the share's thread); the thread that set it sets it back when the
split ends, also when a share raised, and it is not touched when it already is 1, when the
shares call no BLAS (``uses_blas=False``) or when kusari runs in one thread. A convolution
too small to split (:func:`split_conv`) holds it at 1 the same way while it runs in the
calling thread (so does any split below its size that calls BLAS): OpenBLAS's threads keep
spinning after a threaded product, on the cores of kusari's next split. This is the only
moment kusari changes a setting of the process that it does not own; other threads calling
BLAS in those milliseconds get one thread too. threadpoolctl (a dependency) finds the
libraries and sets them; from its version 3.8 it lets one thread at a time do that, which
kusari gives up as each split ends.
"""
import math
import os
import threading

import numpy

from kusari.backends import cpu_memory
from kusari.utils import _numba

#: The environment variable read by :func:`get_num_threads`.
ENVIRONMENT_VARIABLE = 'KUSARI_NUM_THREADS'

#: Rounds of ``sched_yield`` a thread polls before it sleeps (each about 0.5 us here).
SPIN_ITERATIONS = 2000

#: Rounds a worker polls on after it has seen a task, before it takes the GIL (see
#: ``Workers._loop``): enough for a caller whose share enters a kernel at once.
SETTLE_ITERATIONS = 4

#: The same for shares that run some Python first (the convolutions' block loops): a worker
#: that asks for the GIL while the caller still holds it sleeps, and its wake-up cost 17-25 us
#: on the benchmark VM (worker start 46 us after the post with 4 rounds, 27 us with 48).
SETTLE_PYTHON = 32

_count = [None]


def _available_cores():
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def get_num_threads():
    """The number of threads of kusari's CPU kernels.

    Returns
    -------
    int
        What :func:`set_num_threads` set, else ``KUSARI_NUM_THREADS``, else the number of
        cores this process may run on.
    """
    n = _count[0]
    if n is None:
        value = os.environ.get(ENVIRONMENT_VARIABLE, '').strip()
        if value:
            try:
                n = int(value)
            except ValueError:
                n = 0
            if n < 1:
                raise ValueError('{} must be a positive integer, got {!r}'.format(
                    ENVIRONMENT_VARIABLE, value))
        else:
            n = _available_cores()
        _count[0] = n
    return n


def set_num_threads(n):
    """Set the number of threads of kusari's CPU kernels (process-wide).

    Parameters
    ----------
    n : int or None
        A positive number of threads; None goes back to the default
        (``KUSARI_NUM_THREADS``, else the cores available).
    """
    if n is not None:
        if isinstance(n, bool) or not isinstance(n, (int, numpy.integer)) or n < 1:
            raise ValueError('set_num_threads: n must be a positive integer or None, got '
                             '{!r}'.format(n))
        n = int(n)
    _count[0] = n


# -- the spin kernel -----------------------------------------------------------------------

sched_yield = _numba.extern('sched_yield', 'int32')


@_numba.kernel
def _spin(flags, i, old, n, settle, out, j, value):
    """``out[j] = value`` (when ``j >= 0``), then True once ``flags[i] != old``, polling
    ``n`` rounds and then ``settle[i]`` more; False if it never changed."""
    if j >= 0:
        out[j] = value     # a signal given from GIL-free code: see Workers._loop
    for _ in range(n):
        # the external call is opaque to LLVM: flags[i] is loaded again every round
        if flags[i] != old:
            for _ in range(settle[i]):
                sched_yield()
            return True
        sched_yield()
    return flags[i] != old


def _spinner():
    if not sched_yield.available():  # pragma: no cover - Windows
        return None
    try:
        z = numpy.zeros(1, numpy.int64)
        _spin(z, 0, 0, 1, z, z, -1, 0)
    except Exception:  # pragma: no cover - a Numba that cannot link sched_yield
        return None
    return _spin


# -- BLAS ----------------------------------------------------------------------------------

class _Blas:
    """NumPy's BLAS libraries and the hold on their thread count (taken and given back by
    the thread that holds :data:`_busy`, so never by two threads at once)."""

    libs = None
    saved = ()


def _numpy_blas():
    """threadpoolctl's controllers of the BLAS libraries NumPy loaded (all BLAS libraries
    found, if none sits in NumPy's folders)."""
    if _Blas.libs is None:
        import threadpoolctl
        found = [c for c in threadpoolctl.ThreadpoolController().lib_controllers
                 if c.user_api == 'blas']
        root = os.path.dirname(os.path.dirname(os.path.abspath(numpy.__file__)))
        mine = [c for c in found if os.path.abspath(c.filepath or '').startswith(
            (os.path.join(root, 'numpy') + os.sep, os.path.join(root, 'numpy.libs') + os.sep,
             os.path.join(root, 'numpy', '.dylibs') + os.sep))]
        _Blas.libs = mine or found
    return _Blas.libs


def blas_threads():
    """The thread counts of NumPy's BLAS libraries now (for tests and benchmarks)."""
    return [c.get_num_threads() for c in _numpy_blas()]


def _hold_blas():
    saved = []
    for c in _numpy_blas():
        n = c.get_num_threads()
        if n is not None and n > 1:
            c.set_num_threads(1)
            saved.append((c, n))
    _Blas.saved = saved


def _release_blas():
    saved, _Blas.saved = _Blas.saved, ()
    for c, n in saved:
        c.set_num_threads(n)
        # threadpoolctl >= 3.8 lets one thread at a time set a pthreads OpenBLAS (the
        # first to set it, until it gives that up): give it up, as its own limits do
        clear = getattr(type(c), 'clear_controlling_thread', None)
        if clear is not None:
            clear()


# -- the pool ------------------------------------------------------------------------------

_local = threading.local()

#: Held by the one thread at a time that runs a split on worker threads (whatever the pool's
#: size): it alone changes BLAS's thread count, and gives it back.
_busy = threading.Lock()


class Workers:
    """``n`` daemon threads named ``<prefix>-<i>``; :meth:`run` gives each one task.

    Parameters
    ----------
    n : int
        The number of worker threads.
    prefix : str
        Their name prefix.
    """

    def __init__(self, n, prefix='kusari-worker'):
        self.posted = numpy.zeros(n, numpy.int64)     # tasks posted to worker i so far
        self.finished = numpy.zeros(n, numpy.int64)   # tasks worker i has finished
        self.tasks = [None] * n
        self.results = [None] * n
        self.sleeping = [False] * n
        self.waiting = False
        self.settle = numpy.full(n, SETTLE_ITERATIONS, numpy.int64)   # per task, see run
        self._no_settle = numpy.zeros(n, numpy.int64)
        self.cond = threading.Condition()
        self.spin = _spinner() if _numba.enabled() else None
        for i in range(n):
            threading.Thread(target=self._loop, args=(i,), name='{}-{}'.format(prefix, i),
                             daemon=True).start()

    def _poll(self, flags, i, old, settle=None, signal=-1, value=0):
        return self.spin is not None and self.spin(
            flags, i, old, SPIN_ITERATIONS, self._no_settle if settle is None else settle,
            self.finished, signal, value)

    def _loop(self, i):
        # Each hand-over of the GIL to a thread that waits for it costs a futex wake-up
        # (10-25 us on the benchmark VM), so both sides take it when the other is in GIL-free
        # code: a worker that sees a task polls ``settle`` rounds more (the caller meanwhile
        # reaches its own share's kernel) and signals ``finished`` from the polling kernel
        # (the caller then finds the GIL free).
        _local.worker = True
        seen = 0
        done = -1      # the task whose end is still to signal
        while True:
            if not self._poll(self.posted, i, seen, self.settle, i if done >= 0 else -1,
                              done):
                if done >= 0:     # (no polling kernel: signal here)
                    self.finished[i] = done
                with self.cond:
                    self.sleeping[i] = True
                    while self.posted[i] == seen:
                        self.cond.wait()
                    self.sleeping[i] = False
            done = -1
            seen = int(self.posted[i])
            fn, args = self.tasks[i]
            self.tasks[i] = None
            try:
                self.results[i] = (True, fn(*args))
            except BaseException as e:  # handed to the caller
                self.results[i] = (False, e)
            # drop the task before signalling: its arrays are the caller's to free (kept,
            # the caller's next allocation would get other, cache-cold memory)
            fn = args = None
            if self.spin is None or self.waiting:
                # a caller asleep on the condition (its polling ran out) is woken
                self.finished[i] = seen
                with self.cond:
                    self.cond.notify_all()
            else:
                done = seen    # signalled by the polling kernel, GIL-free

    def run(self, calls, first, hold_blas=False, settle=SETTLE_ITERATIONS):
        """``[first()] + [fn(*args) for fn, args in calls]``: ``calls[i]`` in worker ``i``
        while ``first`` runs in the calling thread; re-raises the first exception.

        With ``hold_blas``, NumPy's BLAS runs in one thread meanwhile (see the module). A
        worker that sees its task polls ``settle`` rounds before it takes the GIL.
        Returns None without running anything when another thread is running a split (on
        these workers or others).
        """
        return _holding_pool(lambda: self._run(calls, first, settle), hold_blas)

    def _run(self, calls, first, settle=SETTLE_ITERATIONS):
        k = len(calls)
        self.settle[:k] = settle     # read by each worker after it sees its task posted
        for i, call in enumerate(calls):
            self.tasks[i] = call
            self.posted[i] += 1
        if any(self.sleeping[:k]):
            with self.cond:
                self.cond.notify_all()
        try:
            out = [first()]
        finally:
            # wait for every worker, even if first() raised: they use shared buffers
            for i in range(k):
                target = int(self.posted[i])
                if self.finished[i] != target and not self._poll(self.finished, i,
                                                                 target - 1):
                    with self.cond:
                        self.waiting = True
                        while self.finished[i] != target:
                            # a worker that read ``waiting`` just before it was set signals
                            # from its polling kernel, without notifying: look again soon
                            self.cond.wait(0.001)
                        self.waiting = False
        for i in range(k):
            ok, value = self.results[i]
            self.results[i] = None
            if not ok:
                raise value
            out.append(value)
        return out


def _holding_pool(fn, hold_blas):
    """``fn()`` while this thread holds :data:`_busy` (and NumPy's BLAS at one thread, with
    ``hold_blas``); None, without running ``fn``, when another thread holds it."""
    if not _busy.acquire(blocking=False):
        return None
    try:
        if not hold_blas:
            return fn()
        _hold_blas()
        try:
            return fn()
        finally:
            _release_blas()
    finally:
        _busy.release()


_pools = {}
_pools_lock = threading.Lock()


def _pool(n):
    """The process's :class:`Workers` of ``n`` threads (made on first use)."""
    w = _pools.get(n)
    if w is None:
        with _pools_lock:
            w = _pools.get(n)
            if w is None:
                w = _pools[n] = Workers(n)
    return w


def _width(n):
    """The threads a split of ``n`` items may use here (1: the calling thread alone)."""
    w = min(get_num_threads(), n)
    if w <= 1 or getattr(_local, 'worker', False) or not _numba.enabled():
        return 1
    return w


def shares(n, min_size=0, size=None):
    """How many shares :func:`split` cuts ``range(n)`` into with these arguments (1: the
    work runs at once in the calling thread).

    Parameters
    ----------
    n : int
        The number of items.
    min_size, size : int
        As for :func:`split`.

    Returns
    -------
    int
        The number of shares.
    """
    w = _width(n)
    if w > 1 and size is not None and size < _numba.threshold(min_size):
        return 1
    return w


def split(n, work, min_size=0, size=None, uses_blas=True, settle=SETTLE_ITERATIONS):
    """``[work(lo, hi) ...]`` over consecutive shares of ``range(n)``, one per thread (the
    first in the calling thread); each ``work`` must write only its own share.

    Parameters
    ----------
    n : int
        The number of items (batch elements, channels) to share out.
    work : callable
        ``work(lo, hi)`` does items ``lo .. hi - 1`` and returns a value.
    min_size : int
        Below this ``size`` the split runs in the calling thread (a split costs some
        microseconds); lowered by :func:`kusari.utils._numba.small_sizes`.
    size : int, optional
        The size compared with ``min_size`` (elements, bytes: the caller's unit).
    uses_blas : bool
        Whether ``work`` calls NumPy's BLAS (its thread count is then held at 1 while the
        shares run, and while the one share below ``min_size`` runs); False spares the two
        library calls.
    settle : int
        Rounds a worker polls after it sees its share before it takes the GIL: about the
        time ``work`` runs Python before its first GIL-free call (see :data:`SETTLE_PYTHON`).

    Returns
    -------
    list
        The values of ``work``, in the order of the shares.
    """
    w = _width(n)
    if w == 1:
        return [work(0, n)]
    if size is not None and size < _numba.threshold(min_size):
        # one share here; BLAS at one thread as in a split (its own threads keep spinning
        # after a threaded product, on the cores of the next split)
        out = _holding_pool(lambda: [work(0, n)], True) if uses_blas else None
        return [work(0, n)] if out is None else out
    bounds = [n * j // w for j in range(w + 1)]
    out = _pool(w - 1).run([(work, (bounds[j], bounds[j + 1])) for j in range(1, w)],
                           lambda: work(bounds[0], bounds[1]), hold_blas=uses_blas,
                           settle=settle)
    if out is None:   # another thread holds the pool: this one does every share
        out = [work(bounds[j], bounds[j + 1]) for j in range(w)]
    return out


#: Floating-point operations (two per multiply-add of the direct convolution) from which a
#: convolution splits its batch over threads (:func:`split_conv`): below it a split's cost
#: (the worker's start, 30-50 us inside a training step) outweighs half the work. The ResNet
#: step of ``benchmarks/train_step.py`` on the 2-core VM, against always splitting: 22.2 ->
#: 14.3 ms at batch 4, 19.5 -> 20.4 at 8, unchanged at 16 and 32 (in-process A/B medians).
CONV_SPLIT_MIN_FLOPS = 20_000_000


def split_conv(n, work, flops):
    """:func:`split` for a convolution's batch of ``n`` elements: its shares run Python
    before their first GIL-free call (:data:`SETTLE_PYTHON`); below
    :data:`CONV_SPLIT_MIN_FLOPS` (``flops``: the whole call's) the one share runs in this
    thread with BLAS held at one thread (with the threshold but without the hold, BLAS's
    spinning threads made the ResNet step at batch 8 take 27 ms instead of 19)."""
    return split(n, work, CONV_SPLIT_MIN_FLOPS, flops, settle=SETTLE_PYTHON)


#: Elements from which :func:`ufunc` splits an elementwise operation over threads: below it
#: the split costs more than it saves (float32 products on the 2-core benchmark VM: 2**18
#: elements 33 us in one thread, 40 us split; 2**19 elements 68 us, 55 us split; 2**20
#: elements 186 us, 117 us split).
UFUNC_SPLIT_MIN = 1 << 19


def ufunc(f, a, b, out=None):
    """``f(a, b)`` (into ``out`` if given) for a NumPy binary ufunc, with large operands
    split over the threads.

    The shares are rows (along the first axis) of the broadcast result; each share's ufunc
    releases the GIL. The result is NumPy's, bit for bit: the split is taken only when both
    operands are floating-point NumPy arrays (or ``b`` a scalar) of one dtype and one of them
    has at least :data:`UFUNC_SPLIT_MIN` elements (any size inside
    :func:`kusari.utils._numba.small_sizes`); otherwise ``f(a, b)`` runs as it is.

    Parameters
    ----------
    f : numpy.ufunc
        A binary ufunc whose result has its operands' dtype (``numpy.add``,
        ``numpy.multiply``...).
    a, b : numpy.ndarray (or another array type) or NumPy scalar
        The operands (broadcast together).
    out : numpy.ndarray, optional
        The result's array, of the broadcast shape and the operands' dtype (it may be one of
        them: the shares are disjoint rows).

    Returns
    -------
    numpy.ndarray
        ``f(a, b)`` (``out`` when given).
    """
    m = UFUNC_SPLIT_MIN
    if a.size < m and b.size < m and not _numba._small[0]:   # small operands: at once
        return f(a, b) if out is None else f(a, b, out=out)
    return _ufunc_split(f, a, b, out)


def _ufunc_split(f, a, b, out):
    if (type(a) is not numpy.ndarray or a.dtype.kind != 'f'
            or not isinstance(b, (numpy.ndarray, numpy.generic)) or b.dtype != a.dtype
            or (type(b) is not numpy.ndarray and type(b) is not a.dtype.type)
            or (out is not None and (type(out) is not numpy.ndarray or out.dtype != a.dtype))):
        return f(a, b) if out is None else f(a, b, out=out)
    b = numpy.asarray(b)
    shape = numpy.broadcast_shapes(a.shape, b.shape)
    if not shape or (out is not None and out.shape != shape):
        return f(a, b) if out is None else f(a, b, out=out)
    a = numpy.broadcast_to(a, shape)
    b = numpy.broadcast_to(b, shape)
    if out is None:
        out = cpu_memory.empty(shape, a.dtype)
    err = numpy.geterr()   # the caller's errstate (a context variable: threads start afresh)

    def work(lo, hi):
        with numpy.errstate(**err):
            f(a[lo:hi], b[lo:hi], out=out[lo:hi])

    # (below its size, or in one thread, split runs the one share in this thread)
    split(shape[0], work, UFUNC_SPLIT_MIN, math.prod(shape), uses_blas=False)
    return out


def _after_fork_in_child():
    global _busy, _pools_lock
    _pools.clear()
    if _busy.locked():   # forked while a split held BLAS at one thread: give it back
        _release_blas()
    _busy = threading.Lock()
    _pools_lock = threading.Lock()


if hasattr(os, 'register_at_fork'):
    os.register_at_fork(after_in_child=_after_fork_in_child)
