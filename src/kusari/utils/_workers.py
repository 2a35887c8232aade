"""Worker threads that poll for their next task for a moment before they sleep.

The CPU convolutions and batch normalization split their batch (or channels) over threads
(``_conv_utils.split_batch``) about 75 times per step of ``benchmarks/train_step.py``. With
``concurrent.futures.ThreadPoolExecutor``, every split woke a sleeping worker and then a
sleeping caller; on the 2-core VM the benchmarks run on, each wake-up took about 0.1 ms, and
the handoffs came to 13 ms of a 110 ms step. Here a worker that has finished a task polls
its task counter for up to :data:`SPIN_ITERATIONS` rounds of ``sched_yield`` (about 1 ms),
and a caller polls the finished counter the same way, both in a small Numba loop that holds
no GIL; past that they sleep on a condition variable as before. The step became 4-6%
faster (median and quartile over 60 interleaved steps).

Without Numba or ``sched_yield`` (Windows) the threads always sleep.
"""
import os
import threading

import numpy

#: Rounds of ``sched_yield`` a thread polls before it sleeps (each about 0.5 us here).
SPIN_ITERATIONS = 2000

_spin = {}


def _spin_kernel():
    """The compiled ``spin(flags, i, old, n)`` (True once ``flags[i] != old``, False after
    ``n`` rounds), or None where it cannot be built."""
    if 'k' not in _spin:
        _spin['k'] = None
        try:
            import numba
            from numba import types
            sched_yield = types.ExternalFunction('sched_yield', types.int32())

            def spin(flags, i, old, n):
                for _ in range(n):
                    # the external call is opaque to LLVM: flags[i] is loaded every round
                    if flags[i] != old:
                        return True
                    sched_yield()
                return flags[i] != old

            k = numba.njit(nogil=True, cache=True)(spin)
            k(numpy.zeros(1, numpy.int64), 0, 0, 1)
        except Exception:  # pragma: no cover - no Numba, or no sched_yield to link
            return None
        _spin['k'] = k
    return _spin['k']


class Workers:
    """``n`` daemon threads named ``<prefix>-<i>``; :meth:`run` gives each one task.

    Parameters
    ----------
    n : int
        The number of worker threads.
    prefix : str
        Their name prefix (a caller can recognize its own workers by it).
    """

    def __init__(self, n, prefix):
        self.posted = numpy.zeros(n, numpy.int64)     # tasks posted to worker i so far
        self.finished = numpy.zeros(n, numpy.int64)   # tasks worker i has finished
        self.tasks = [None] * n
        self.results = [None] * n
        self.sleeping = [False] * n
        self.waiting = False
        self.cond = threading.Condition()
        self.busy = threading.Lock()                  # one caller at a time
        self.spin = _spin_kernel()
        for i in range(n):
            threading.Thread(target=self._loop, args=(i,), name='{}-{}'.format(prefix, i),
                             daemon=True).start()

    def _poll(self, flags, i, old):
        return self.spin is not None and self.spin(flags, i, old, SPIN_ITERATIONS)

    def _loop(self, i):
        seen = 0
        while True:
            if not self._poll(self.posted, i, seen):
                with self.cond:
                    self.sleeping[i] = True
                    while self.posted[i] == seen:
                        self.cond.wait()
                    self.sleeping[i] = False
            seen = int(self.posted[i])
            fn, args = self.tasks[i]
            self.tasks[i] = None
            try:
                self.results[i] = (True, fn(*args))
            except BaseException as e:  # handed to the caller
                self.results[i] = (False, e)
            # (under the GIL, Python-level reads and writes are sequentially consistent: a
            # caller that set ``waiting`` after this thread read it sees ``finished``)
            self.finished[i] = seen
            if self.waiting:
                with self.cond:
                    self.cond.notify_all()

    def run(self, calls, first):
        """``[first()] + [fn(*args) for fn, args in calls]``: ``calls[i]`` in worker ``i``
        while ``first`` runs in the calling thread; re-raises the first exception.

        Returns None without running anything when another thread is using the workers.
        """
        if not self.busy.acquire(blocking=False):
            return None
        try:
            k = len(calls)
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
                                self.cond.wait()
                            self.waiting = False
            for i in range(k):
                ok, value = self.results[i]
                self.results[i] = None
                if not ok:
                    raise value
                out.append(value)
            return out
        finally:
            self.busy.release()


_pools = {}


def get(n, prefix):
    """The process's :class:`Workers` of ``n`` threads named ``prefix`` (made on first use;
    a forked child starts with none)."""
    key = (n, prefix)
    w = _pools.get(key)
    if w is None:
        w = _pools[key] = Workers(n, prefix)
    return w


if hasattr(os, 'register_at_fork'):
    os.register_at_fork(after_in_child=_pools.clear)
