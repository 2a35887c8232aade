"""snapshot and snapshot_object: save the trainer (or any object) during training."""
import os
import warnings

from kusari.training import extension
from kusari.training.extensions import snapshot_writers


def _warn_num_retain():
    warnings.warn('Argument `num_retain` is deprecated. Please use `n_retains` instead',
                  DeprecationWarning, stacklevel=3)


def _find_snapshot_files(fmt, path):
    """``(mtime, name)`` of the files directly under ``path`` whose names have the prefix
    (before the first ``{``) and the suffix (after the last ``}``) of the format ``fmt``,
    oldest first. The temporary files of an unfinished write (``.tmp...``) are left out."""
    prefix = fmt.split('{')[0]
    suffix = fmt.split('}')[-1]
    if not os.path.isdir(path):
        return []
    found = []
    for name in os.listdir(path):
        if name.startswith(prefix) and name.endswith(suffix) and not name.startswith('.tmp'):
            full = os.path.join(path, name)
            if os.path.isfile(full):
                found.append((os.stat(full).st_mtime, name))
    return sorted(found)


def _find_latest_snapshot(fmt, path):
    """The name of the newest (by mtime) file matching ``fmt`` under ``path``, or None."""
    files = _find_snapshot_files(fmt, path)
    return files[-1][1] if files else None


def _find_stale_snapshots(fmt, path, n_retains, **kwargs):
    """Yield the names of the files matching ``fmt`` under ``path`` but the ``n_retains``
    newest, oldest first (``num_retain`` is the deprecated name of ``n_retains``)."""
    if 'num_retain' in kwargs:
        _warn_num_retain()
        n_retains = kwargs['num_retain']
    files = _find_snapshot_files(fmt, path)
    for _, name in files[:max(len(files) - n_retains, 0)]:
        yield name


class _RemoveStaleSnapshots:
    """The post-save hook of ``n_retains``: a plain object, so that it can travel to the
    process of a :class:`ProcessWriter` or :class:`ProcessQueueWriter` started with 'spawn'."""

    def __init__(self, fmt, outdir, n_retains):
        self.fmt = fmt
        self.outdir = outdir
        self.n_retains = n_retains

    def __call__(self):
        for name in _find_stale_snapshots(self.fmt, self.outdir, self.n_retains):
            try:
                os.remove(os.path.join(self.outdir, name))
            except FileNotFoundError:  # removed meanwhile by another writer's hook
                pass


def _always_true():
    return True


class _Snapshot(extension.Extension):
    """The extension behind :func:`snapshot` and :func:`snapshot_object`."""

    trigger = 1, 'epoch'
    priority = -100

    def __init__(self, target=None, condition=None, writer=None,
                 filename='snapshot_iter_{.updater.iteration}', snapshot_on_error=False,
                 n_retains=-1, autoload=False, **kwargs):
        if 'num_retain' in kwargs:
            _warn_num_retain()
            n_retains = kwargs.pop('num_retain')
        if kwargs:
            raise TypeError('_Snapshot() got unexpected keyword arguments: {}'.format(
                sorted(kwargs)))
        self._target = target
        self.filename = filename
        self.condition = _always_true if condition is None else condition
        self.writer = snapshot_writers.SimpleWriter() if writer is None else writer
        self._snapshot_on_error = snapshot_on_error
        self.n_retains = n_retains
        self.autoload = autoload

    def initialize(self, trainer):
        import kusari
        target = trainer if self._target is None else self._target
        outdir = trainer.out
        if self.autoload and isinstance(self.filename, str):
            name = _find_latest_snapshot(self.filename, outdir)
            if name is None:
                if kusari.is_debug():
                    print('No snapshot file that matches {} was found'.format(self.filename))
            else:
                from kusari.serializers import load_npz
                path = os.path.join(outdir, name)
                load_npz(path, target)
                if kusari.is_debug():
                    print('Snapshot loaded from', path)
        if (hasattr(self.writer, '_add_cleanup_hook') and self.n_retains > 0
                and isinstance(self.filename, str)):
            self.writer._add_cleanup_hook(
                _RemoveStaleSnapshots(self.filename, outdir, self.n_retains))

    def on_error(self, trainer, exc, tb):
        super().on_error(trainer, exc, tb)
        if self._snapshot_on_error:
            self._make_snapshot(trainer)

    def __call__(self, trainer):
        if self.condition():
            self._make_snapshot(trainer)

    def _make_snapshot(self, trainer):
        from kusari.serializers.npz import serialize
        target = trainer if self._target is None else self._target
        data = serialize(target)
        filename = self.filename
        filename = filename(trainer) if callable(filename) else filename.format(trainer)
        self.writer(filename, trainer.out, data)

    def finalize(self):
        if hasattr(self.writer, 'finalize'):
            self.writer.finalize()


def snapshot(savefun=None, filename='snapshot_iter_{.updater.iteration}', **kwargs):
    """An extension that saves the whole trainer (by default each epoch).

    The file is written atomically: a temporary file in the output folder renamed over the
    final name, so an interrupted write leaves earlier snapshots loadable. Load one with
    ``kusari.serializers.load_npz(path, trainer)`` before ``trainer.run()`` to resume.

    Parameters
    ----------
    savefun : callable, optional
        ``savefun(path, serialized_dict)`` (``kusari.serializers.save_npz``).
    filename : str or callable
        The file name, formatted with the trainer (``'snapshot_iter_{.updater.iteration}'``),
        or a callable ``filename(trainer)``.
    target : object, optional
        What to save instead of the trainer (keyword only).
    condition : callable, optional
        ``condition()`` must be true for a snapshot to be taken.
    writer : Writer, optional
        How to write (exclusive with ``savefun``).
    snapshot_on_error : bool
        Also save when the training loop raises.
    n_retains : int
        Keep only this many newest matching files (all if negative).
    autoload : bool
        Before training, load the newest matching snapshot in the output folder (resume).

    Returns
    -------
    Extension
    """
    if 'num_retain' in kwargs:
        _warn_num_retain()
        kwargs['n_retains'] = kwargs.pop('num_retain')
    allowed = {'target', 'condition', 'writer', 'snapshot_on_error', 'n_retains', 'autoload'}
    unknown = set(kwargs) - allowed
    if unknown:
        raise TypeError('snapshot() got unexpected keyword arguments: {}'.format(
            sorted(unknown)))
    writer = kwargs.pop('writer', None)
    if savefun is not None and writer is not None:
        raise TypeError('savefun and writer arguments cannot be specified together.')
    if writer is None:
        writer = snapshot_writers.SimpleWriter(savefun=savefun)
    return _Snapshot(writer=writer, filename=filename, **kwargs)


def snapshot_object(target, filename, savefun=None, **kwargs):
    """An extension that saves ``target`` (a model, an optimizer, ...) at each trigger.

    Parameters
    ----------
    target : object with a ``serialize`` method
        What to save.
    filename : str or callable
        The file name, formatted with the trainer (e.g. ``'model_epoch_{.updater.epoch}'``).
    savefun : callable, optional
        ``savefun(path, serialized_dict)`` (``kusari.serializers.save_npz``).
    **kwargs
        ``condition``, ``writer``, ``snapshot_on_error``, ``n_retains``, ``autoload``, as in
        :func:`snapshot`.

    Returns
    -------
    Extension
    """
    if 'num_retain' in kwargs:
        _warn_num_retain()
        kwargs['n_retains'] = kwargs.pop('num_retain')
    return snapshot(savefun=savefun, filename=filename, target=target, **kwargs)
