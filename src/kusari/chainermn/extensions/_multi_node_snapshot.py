"""multi_node_snapshot: snapshots where only one rank per group of identical ranks writes."""
import io

from kusari.training.extension import Extension


def multi_node_snapshot(comm, snapshot, replica_sets):
    """Wrap a snapshot extension for a multi-process job.

    The ranks are split into replica sets: ranks whose snapshot targets are identical (the
    model and optimizer after averaging) belong to one set, and only its lowest rank (the
    set's master) writes. Ranks with their own state (say rank 0, which alone has the
    reporting extensions) get a set of their own. ``replica_sets`` lists sets as ranks or
    iterables of ranks; the ranks not listed form one more set: ``[0]`` on 4 ranks means
    ``[{0}, {1, 2, 3}]`` and ``[]`` means one set of every rank. The snapshot file name
    gets ``.<rank>`` appended, and with ``autoload`` the master loads the latest snapshot
    and sends it to the other ranks of its set.

    Parameters
    ----------
    comm : CommunicatorBase
        The ranks.
    snapshot : extension
        A :func:`kusari.training.extensions.snapshot`.
    replica_sets : list
        Sets of ranks (ints or iterables of ints), disjoint.

    Returns
    -------
    extension
        The wrapped snapshot.
    """
    return _MultiNodeSnapshot(comm, snapshot, replica_sets)


def _parse_replica_sets(replica_sets, size):
    """The list of sets of ranks, completed with one set of the ranks not mentioned.

    Raises
    ------
    ValueError
        If a rank is out of ``range(size)`` or is in two sets.
    """
    sets = []
    for item in replica_sets:
        s = {item} if isinstance(item, int) else set(item)
        for r in s:
            if not 0 <= r < size:
                raise ValueError('replica set {}: rank {} is not in [0, {})'.format(
                    sorted(s), r, size))
        sets.append(s)
    seen = set()
    for s in sets:
        if seen & s:
            raise ValueError('replica sets overlap on ranks {}'.format(sorted(seen & s)))
        seen |= s
    rest = set(range(size)) - seen
    if rest:
        sets.append(rest)
    return sets


class _MultiNodeSnapshot(Extension):

    def __init__(self, comm, snapshot, replica_sets):
        if comm is None or snapshot is None:
            raise ValueError('multi_node_snapshot needs a communicator and a snapshot')
        self.comm = comm
        self.snapshot = snapshot
        rank = comm.rank
        if callable(snapshot.filename):
            inner = snapshot.filename

            def filename(trainer):
                return '{}.{}'.format(inner(trainer), rank)
            snapshot.filename = filename
        else:
            snapshot.filename = '{}.{}'.format(snapshot.filename, rank)
        for s in _parse_replica_sets(replica_sets, comm.size):
            if rank in s:
                self.replica_set = s
                self.master = min(s)
                break
        for attr in ('trigger', 'priority'):
            if hasattr(snapshot, attr):
                setattr(self, attr, getattr(snapshot, attr))

    @property
    def is_master(self):
        """True on the rank that writes for its replica set."""
        return self.master == self.comm.rank

    def initialize(self, trainer):
        from kusari.serializers import load_npz, save_npz
        from kusari.training.extensions._snapshot import _find_latest_snapshot
        if self.is_master:
            self.snapshot.initialize(trainer)
        if not self.snapshot.autoload:
            return
        target = trainer if self.snapshot._target is None else self.snapshot._target
        if self.is_master:
            data = None
            if isinstance(self.snapshot.filename, str) and _find_latest_snapshot(
                    self.snapshot.filename, trainer.out) is not None:
                buf = io.BytesIO()
                save_npz(buf, target)
                data = buf.getvalue()
            for r in sorted(self.replica_set):
                if r != self.comm.rank:
                    self.comm.send_obj(data, r)
        else:
            data = self.comm.recv_obj(self.master)
            if data is not None:
                load_npz(io.BytesIO(data), target)

    def on_error(self, trainer, exc, tb):
        if self.is_master:
            self.snapshot.on_error(trainer, exc, tb)

    def __call__(self, trainer):
        if self.is_master:
            self.snapshot(trainer)

    def finalize(self):
        if self.is_master:
            self.snapshot.finalize()
