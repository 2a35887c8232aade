"""Snapshot writers: how (and in which thread or process) a snapshot reaches the disk.

The classes are those of Chainer 7.8.1: :class:`SimpleWriter` writes in the calling thread,
:class:`ThreadWriter` and :class:`ProcessWriter` (both :class:`StandardWriter`) start one
thread or process per snapshot, :class:`ThreadQueueWriter` and :class:`ProcessQueueWriter`
(both :class:`QueueWriter`) hand the snapshots to one long-lived consumer through a queue.

Every writer saves into a temporary file in the output folder and renames it over the target
name (``os.replace``, atomic on POSIX) after an ``fsync``, so a process killed while writing
leaves the previous snapshots intact and never a partial file under a snapshot's name.
"""
import multiprocessing
import os
import queue
import secrets
import threading


def _default_savefun():
    from kusari.serializers import save_npz
    return save_npz


class Writer:
    """Base class of snapshot writers: ``writer(filename, outdir, target)``.

    The snapshot extension calls the writer with the file name (already formatted), the output
    folder and what it serialized (a dict of arrays for the default ``save_npz``). Hooks added
    with ``_add_cleanup_hook`` run after each save (the snapshot extension uses one to delete
    old files when ``n_retains`` is set). :meth:`finalize` is called at the end of training
    (and when the writer is garbage-collected) and waits for pending writes.
    """

    # names of attributes that hold a running thread or process: they are left out when the
    # writer is pickled (into a process started with 'spawn' or 'forkserver')
    _unpicklable = ('_worker', '_consumer')

    def __init__(self):
        self._post_save_hooks = []

    def __call__(self, filename, outdir, target):
        """Write ``target`` to ``outdir/filename`` (subclasses decide how)."""
        raise NotImplementedError

    def __del__(self):
        try:
            self.finalize()
        except Exception:  # noqa: S110 - nothing sensible to do while being collected
            pass

    def __getstate__(self):
        state = self.__dict__.copy()
        for name in self._unpicklable:
            state.pop(name, None)
        if '_started' in state:  # the copy has no worker of its own to wait for
            state['_started'] = False
        return state

    def finalize(self):
        """Wait for pending writes (none for synchronous writers)."""

    def save(self, filename, outdir, target, savefun, **kwds):
        """Write ``target`` with ``savefun(path, target, **kwds)`` to ``outdir/filename``.

        The data go to a temporary file in ``outdir`` (``.tmp<random>.<filename>``), which
        is flushed to the disk and renamed over the final name; then the post-save hooks run.
        """
        os.makedirs(outdir, exist_ok=True)
        dest = os.path.join(outdir, filename)
        tmp = os.path.join(outdir, '.tmp{}.{}'.format(secrets.token_hex(4), filename))
        try:
            savefun(tmp, target, **kwds)
            with open(tmp, 'rb+') as f:
                os.fsync(f.fileno())
            os.replace(tmp, dest)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
        self._post_save()

    def _add_cleanup_hook(self, hook_fun):
        """Add ``hook_fun()`` to the functions run right after each save."""
        self._post_save_hooks.append(hook_fun)

    def _post_save(self):
        for hook in self._post_save_hooks:
            hook()


class SimpleWriter(Writer):
    """Write in the calling thread.

    Parameters
    ----------
    savefun : callable, optional
        ``savefun(path, target, **kwds)`` (``kusari.serializers.save_npz`` by default).
    **kwds
        Passed to ``savefun``.
    """

    def __init__(self, savefun=None, **kwds):
        super().__init__()
        self._savefun = savefun or _default_savefun()
        self._kwds = kwds

    def __call__(self, filename, outdir, target):
        self.save(filename, outdir, target, self._savefun, **self._kwds)


class StandardWriter(Writer):
    """Base class of the writers that start a worker (thread or process) per snapshot.

    A call waits for the previous snapshot's worker, then starts a new one made by
    :meth:`create_worker`; :meth:`finalize` waits for the last one.

    Parameters
    ----------
    savefun : callable, optional
        ``savefun(path, target, **kwds)`` (``kusari.serializers.save_npz`` by default).
    **kwds
        Passed to ``savefun``.
    """

    _started = False
    _finalized = False
    _worker = None

    def __init__(self, savefun=None, **kwds):
        super().__init__()
        self._savefun = savefun or _default_savefun()
        self._kwds = kwds
        self._started = False
        self._finalized = False

    def __call__(self, filename, outdir, target):
        if self._started:
            self._worker.join()
            self._started = False
        self._filename = filename
        self._worker = self.create_worker(filename, outdir, target, **self._kwds)
        self._worker.start()
        self._started = True
        self._finalized = False

    def create_worker(self, filename, outdir, target, **kwds):
        """Return an unstarted worker (an object with ``start()`` and ``join()``) that saves
        ``target`` to ``outdir/filename``; subclasses implement it."""
        raise NotImplementedError

    def finalize(self):
        if self._started:
            if not self._finalized:
                self._worker.join()
            self._started = False
        self._finalized = True


class ThreadWriter(StandardWriter):
    """Write each snapshot in a new thread (one at a time).

    Parameters
    ----------
    savefun : callable, optional
        ``savefun(path, target, **kwds)`` (``kusari.serializers.save_npz`` by default).
    **kwds
        Passed to ``savefun``.
    """

    def create_worker(self, filename, outdir, target, **kwds):
        return threading.Thread(target=self.save,
                                args=(filename, outdir, target, self._savefun), kwargs=kwds)


class ProcessWriter(StandardWriter):
    """Write each snapshot in a new process (one at a time).

    The post-save hooks (removal of old snapshots) run in that process. With MPI, prefer
    :class:`ThreadWriter`: forking an MPI process is unsafe.

    Parameters
    ----------
    savefun : callable, optional
        ``savefun(path, target, **kwds)`` (``kusari.serializers.save_npz`` by default); with
        the 'spawn' or 'forkserver' start method it must be picklable.
    **kwds
        Passed to ``savefun``.
    """

    def create_worker(self, filename, outdir, target, **kwds):
        return multiprocessing.Process(target=self.save,
                                       args=(filename, outdir, target, self._savefun),
                                       kwargs=kwds)


class QueueWriter(Writer):
    """Base class of the writers that pass snapshots through a queue to one consumer.

    The queue (:meth:`create_queue`) and its consumer (:meth:`create_consumer`, running
    :meth:`consume`) are made and started when the writer is made; each call puts
    ``[task, filename, outdir, target]`` in the queue and the consumer calls
    ``task(filename, outdir, target)``. :meth:`finalize` sends the end marker (``None``) and
    waits until everything queued is written.

    Parameters
    ----------
    savefun : callable, optional
        Used to make the task when ``task`` is None: ``SimpleWriter(savefun)``.
    task : callable, optional
        ``task(filename, outdir, target)``, called by the consumer for each snapshot.
    """

    _started = False
    _finalized = False
    _queue = None
    _consumer = None

    def __init__(self, savefun=None, task=None):
        super().__init__()
        self._task = self.create_task(savefun or _default_savefun()) if task is None else task
        self._queue = self.create_queue()
        self._consumer = self.create_consumer(self._queue)
        self._consumer.start()
        self._started = True
        self._finalized = False

    def __call__(self, filename, outdir, target):
        self._queue.put([self._task, filename, outdir, target])

    def create_task(self, savefun):
        """The default task: a :class:`SimpleWriter` with ``savefun``."""
        return SimpleWriter(savefun=savefun)

    def create_queue(self):
        """Return the queue (with ``put``, ``get``, ``task_done`` and ``join``)."""
        raise NotImplementedError

    def create_consumer(self, q):
        """Return an unstarted worker that runs ``self.consume(q)``."""
        raise NotImplementedError

    def _add_cleanup_hook(self, hook_fun):
        # The task does the saving, so the hook goes to it when it takes hooks (it travels
        # with the task through a process queue); otherwise the consumer runs it itself.
        if isinstance(self._task, Writer):
            self._task._add_cleanup_hook(hook_fun)
        else:
            super()._add_cleanup_hook(hook_fun)

    def consume(self, q):
        """Run the queued tasks until the end marker ``None`` arrives."""
        while True:
            task = q.get()
            if task is None:
                q.task_done()
                return
            task[0](task[1], task[2], task[3])
            self._post_save()
            q.task_done()

    def finalize(self):
        if self._started:
            if not self._finalized:
                self._queue.put(None)
                self._queue.join()
                self._consumer.join()
            self._started = False
        self._finalized = True


class ThreadQueueWriter(QueueWriter):
    """A :class:`QueueWriter` whose consumer is a thread (``queue.Queue``).

    Parameters
    ----------
    savefun : callable, optional
        Used to make the task when ``task`` is None: ``SimpleWriter(savefun)``.
    task : callable, optional
        ``task(filename, outdir, target)``, called by the consumer for each snapshot.
    """

    def create_queue(self):
        return queue.Queue()

    def create_consumer(self, q):
        return threading.Thread(target=self.consume, args=(q,))


class ProcessQueueWriter(QueueWriter):
    """A :class:`QueueWriter` whose consumer is a process (``multiprocessing.JoinableQueue``).

    Each queued item is pickled into the consumer process, the task and the serialized target
    included. With MPI, prefer :class:`ThreadQueueWriter`: forking an MPI process is unsafe.

    Parameters
    ----------
    savefun : callable, optional
        Used to make the task when ``task`` is None: ``SimpleWriter(savefun)``.
    task : callable, optional
        ``task(filename, outdir, target)``, called by the consumer for each snapshot; it must
        be picklable.
    """

    def create_queue(self):
        return multiprocessing.JoinableQueue()

    def create_consumer(self, q):
        return multiprocessing.Process(target=self.consume, args=(q,))
