"""create_multi_node_checkpointer: per-rank generational snapshots and a synchronized resume
(deprecated in ChainerMN in favour of :func:`multi_node_snapshot`; kept for old scripts)."""
import os
import time
import warnings

from kusari.training import extension


def create_multi_node_checkpointer(name, comm, cp_interval=5, gc_interval=5, path=None):
    """A checkpointer that saves ``<name>.<rank>.<iteration>`` on each rank and resumes from
    the latest iteration saved by *every* rank.

    Use it as a trainer extension (``trainer.extend(cp, trigger=(25, 'iteration'))``) or
    call ``cp.save(target, iteration)`` yourself; call ``cp.maybe_load(trainer, optimizer)``
    before training to resume (the multi-node optimizer then skips its initial broadcast,
    since every rank loaded the same iteration). :meth:`finalize` removes the files.

    Parameters
    ----------
    name : str
        Identifies the run (no dots).
    comm : CommunicatorBase
        The ranks.
    cp_interval : int
        How many common snapshots to keep.
    gc_interval : int
        Accepted for ChainerMN (old snapshots are collected once more than ``cp_interval +
        5`` accumulate).
    path : str or None
        The directory (default: the trainer's ``out``).

    Returns
    -------
    extension
        The checkpointer.
    """
    warnings.warn('the multi-node checkpointer is deprecated: use '
                  'kusari.chainermn.extensions.multi_node_snapshot', DeprecationWarning,
                  stacklevel=2)
    return _MultiNodeCheckpointer(name, comm, cp_interval, gc_interval, path)


class _CheckpointStats:
    """Durations of the snapshots taken (``start()`` / ``end()`` around each)."""

    def __init__(self):
        self.timings = []
        self.begin = None

    def start(self):
        self.begin = time.time()

    def end(self):
        if self.begin is None:
            return
        now = time.time()
        self.timings.append({'b': self.begin, 'd': now - self.begin})
        self.begin = None

    def report(self):
        """A one-line summary (average, minimum and maximum duration in seconds)."""
        if not self.timings:
            return 'No stats available'
        d = [t['d'] for t in self.timings]
        return 'Snapshot duration stats (sec): avg={:f}, min={:f}, max={:f}'.format(
            sum(d) / len(d), min(d), max(d))


class _MultiNodeCheckpointer(extension.Extension):

    def __init__(self, name, comm, cp_interval, gc_interval, path):
        if name is None or comm is None:
            raise ValueError('the checkpointer needs a name and a communicator')
        if cp_interval <= 0 or gc_interval <= 0:
            raise ValueError('cp_interval and gc_interval must be positive, got {} and {}'
                             .format(cp_interval, gc_interval))
        self.name = name
        self.comm = comm
        self.cp_interval = cp_interval
        self.gc_interval = gc_interval
        self.files = []
        self.stats = _CheckpointStats()
        self.path = path
        if path is not None:
            os.makedirs(path, exist_ok=True)

    def __call__(self, trainer):
        if self.path is None:
            self.path = trainer.out
        self.save(trainer, trainer.updater.iteration)

    def save(self, target, iteration):
        """Save ``target`` as this rank's snapshot of ``iteration`` (every rank at once)."""
        from kusari.serializers import save_npz
        filename = self._filename(iteration)
        os.makedirs(self.path, exist_ok=True)
        self.stats.start()
        save_npz(os.path.join(self.path, filename), target)
        self.stats.end()
        self.files.append(filename)
        if len(self.files) - self.cp_interval > 5:
            self._sync_file_list(remove_remainder=True)

    def finalize(self):
        """Remove this rank's snapshots."""
        for name in self.files:
            try:
                os.remove(os.path.join(self.path, name))
            except OSError:
                pass
        self.files = []

    def get_stats(self):
        """The duration summary of the snapshots taken."""
        return self.stats.report()

    def _sync_file_list(self, remove_remainder=False):
        """Keep the files of the latest ``cp_interval`` iterations that every rank has."""
        lists = self.comm.mpi_comm.allgather(self.files)
        common = None
        for files in lists:
            its = {p[2] for p in self._parse_filenames(files) if p is not None}
            common = its if common is None else common & its
        keep = sorted(common or ())[-self.cp_interval:]
        files = self._filenames(keep)
        if remove_remainder:
            for name in set(self.files) - set(files):
                try:
                    os.remove(os.path.join(self.path, name))
                except OSError:
                    pass
        self.files = files

    def _filenames(self, iterations):
        return [self._filename(i) for i in iterations]

    def _filename(self, iteration):
        return '{}.{:d}.{:d}'.format(self.name, self.comm.rank, iteration)

    def _parse_filenames(self, filenames):
        return [self._parse_filename(f) for f in filenames]

    def _parse_filename(self, filename):
        """``(name, rank, iteration)`` of one of this run's files, else None."""
        parts = filename.split('.')
        if len(parts) != 3 or parts[0] != self.name:
            return None
        try:
            return parts[0], int(parts[1]), int(parts[2])
        except ValueError:
            return None

    def maybe_load(self, trainer, optimizer=None, path=None):
        """Resume ``trainer`` from the latest iteration that every rank saved, if any.

        Parameters
        ----------
        trainer : object
            What was saved (a trainer or an updater).
        optimizer : optimizer, optional
            A multi-node optimizer: told not to broadcast rank 0's parameters (every rank
            loaded the same iteration).
        path : str, optional
            The directory, if neither the constructor nor the trainer gave one.
        """
        from kusari.serializers import load_npz
        if self.path is None:
            self.path = path if path is not None else trainer.out
        try:
            local = os.listdir(self.path)
        except OSError:
            local = []
        mine = [p[2] for p in self._parse_filenames(local)
                if p is not None and p[1] == self.comm.rank]
        self.files = self._filenames(sorted(mine))
        self._sync_file_list()
        its = [p[2] for p in self._parse_filenames(self.files) if p is not None]
        if its:
            load_npz(os.path.join(self.path, self._filename(max(its))), trainer)
            if optimizer is not None:
                optimizer.__setattr__('needs_broadcast', False)
