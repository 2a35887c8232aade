"""Snapshot writers: how a snapshot reaches the disk.

Every writer saves into a temporary file in the output folder and renames it over the target
name (``os.replace``, atomic on POSIX), so a process killed while writing leaves the previous
snapshots intact and never a partial file under a snapshot's name.
"""
import os
import secrets
import threading


def _default_savefun():
    from kusari.serializers import save_npz
    return save_npz


class Writer:
    """Base class of snapshot writers: ``writer(filename, outdir, target)``.

    ``target`` is what the snapshot extension serialized (a dict of arrays for the default
    ``save_npz``). Hooks added with ``_add_cleanup_hook`` run after each save (the snapshot
    extension uses one to delete old files when ``n_retains`` is set).
    """

    def __init__(self):
        self._post_save_hooks = []

    def __call__(self, filename, outdir, target):
        raise NotImplementedError

    def _add_cleanup_hook(self, hook):
        self._post_save_hooks.append(hook)

    def _post_save(self):
        for hook in self._post_save_hooks:
            hook()

    def save(self, filename, outdir, target, savefun, **kwds):
        """Write ``target`` with ``savefun(path, target, **kwds)`` to ``outdir/filename``,
        atomically, then run the post-save hooks."""
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

    def finalize(self):
        """Wait for pending writes (none for synchronous writers)."""


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


StandardWriter = SimpleWriter


class ThreadWriter(Writer):
    """Write in a background thread (one at a time); :meth:`finalize` waits for it."""

    def __init__(self, savefun=None, **kwds):
        super().__init__()
        self._savefun = savefun or _default_savefun()
        self._kwds = kwds
        self._worker = None

    def __call__(self, filename, outdir, target):
        self.finalize()
        self._worker = threading.Thread(
            target=self.save, args=(filename, outdir, target, self._savefun), kwargs=self._kwds)
        self._worker.start()

    def finalize(self):
        if self._worker is not None:
            self._worker.join()
            self._worker = None
