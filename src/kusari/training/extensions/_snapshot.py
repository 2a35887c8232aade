"""snapshot and snapshot_object: save the trainer (or any object) during training."""
import os

from kusari.training import extension
from kusari.training.extensions import snapshot_writers


def _snapshot_files(fmt, path):
    """``(mtime, name)`` of the files of ``path`` matching the format's prefix and suffix,
    oldest first."""
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
    files = _snapshot_files(fmt, path)
    return files[-1][1] if files else None


def _find_stale_snapshots(fmt, path, n_retains):
    files = _snapshot_files(fmt, path)
    for _, name in files[:max(len(files) - n_retains, 0)]:
        yield name


class _Snapshot(extension.Extension):
    """The extension behind :func:`snapshot` and :func:`snapshot_object`."""

    trigger = 1, 'epoch'
    priority = -100

    def __init__(self, target=None, condition=None, writer=None,
                 filename='snapshot_iter_{.updater.iteration}', snapshot_on_error=False,
                 n_retains=-1, autoload=False):
        self._target = target
        self.filename = filename
        self.condition = condition or (lambda: True)
        self.writer = writer or snapshot_writers.SimpleWriter()
        self._snapshot_on_error = snapshot_on_error
        self.n_retains = n_retains
        self.autoload = autoload

    def initialize(self, trainer):
        target = trainer if self._target is None else self._target
        outdir = trainer.out
        if self.autoload and isinstance(self.filename, str):
            name = _find_latest_snapshot(self.filename, outdir)
            if name is not None:
                from kusari.serializers import load_npz
                load_npz(os.path.join(outdir, name), target)
        if (hasattr(self.writer, '_add_cleanup_hook') and self.n_retains > 0
                and isinstance(self.filename, str)):
            def cleanup():
                for name in _find_stale_snapshots(self.filename, outdir, self.n_retains):
                    os.remove(os.path.join(outdir, name))
            self.writer._add_cleanup_hook(cleanup)

    def on_error(self, trainer, exc, tb):
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
    return snapshot(savefun=savefun, filename=filename, target=target, **kwargs)
