"""scatter_dataset and scatter_index: give each rank its part of a dataset."""
import warnings

import numpy


class DataSizeError(RuntimeError):
    """Raised for a dataset that cannot be split as asked."""


def _communicator(comm):
    """A kusari communicator for ``comm`` (an mpi4py communicator is wrapped)."""
    if hasattr(comm, 'bcast_obj'):
        return comm
    from kusari.chainermn.communicators.naive_communicator import NaiveCommunicator
    return NaiveCommunicator(comm)


def scatter_dataset(dataset, comm, root=0, shuffle=False, seed=None,
                    max_buf_len=256 * 1024 * 1024, *, force_equal_length=True):
    """Split ``root``'s dataset into ``comm.size`` parts and give each rank its part.

    The root broadcasts the dataset (and, with ``shuffle``, a permutation of its indices);
    each rank keeps a :class:`~kusari.datasets.SubDataset` of it. The parts have equal
    lengths (``ceil(n / size)``, so that every rank runs the same number of iterations;
    some examples then appear on two ranks) unless ``force_equal_length`` is False, which
    gives disjoint parts whose lengths differ by at most one (for exact evaluation).

    Parameters
    ----------
    dataset : dataset or None
        The whole dataset at ``root`` (ignored elsewhere; pass None there).
    comm : CommunicatorBase or mpi4py.MPI.Comm
        The ranks to scatter over.
    root : int
        The rank holding the dataset.
    shuffle : bool
        Permute the examples before splitting.
    seed : int or None
        Seed of the permutation (None: random).
    max_buf_len : int
        Chunk size in bytes for broadcasting the pickled dataset.
    force_equal_length : bool
        Equal part lengths (True) or disjoint parts (False).

    Returns
    -------
    kusari.datasets.SubDataset
        This rank's part.

    Raises
    ------
    ValueError
        If ``root`` is not a rank of ``comm`` (on every rank).
    """
    from kusari.datasets import SubDataset
    comm = _communicator(comm)
    if not 0 <= root < comm.size:
        raise ValueError('scatter_dataset: root must be a rank in [0, {}), got {}'.format(
            comm.size, root))
    if comm.rank == root:
        order = None
        if shuffle:
            order = numpy.random.RandomState(seed).permutation(len(dataset))
        payload = (dataset, order)
    else:
        payload = None
    dataset, order = comm.bcast_obj(payload, max_buf_len=max_buf_len, root=root)
    begin, end = scatter_index(len(dataset), comm, root,
                               force_equal_length=force_equal_length)
    return SubDataset(dataset, begin, end, order)


def scatter_index(n_total_samples, comm, root=0, *, force_equal_length=True):
    """This rank's range ``(begin, end)`` of ``n_total_samples`` indices (see
    :func:`scatter_dataset` for the two ways of splitting).

    Parameters
    ----------
    n_total_samples : int
        The number of examples (read at ``root``).
    comm : CommunicatorBase or mpi4py.MPI.Comm
        The ranks.
    root : int
        The rank that decides.
    force_equal_length : bool
        Equal lengths (overlapping ranges) or disjoint ranges.

    Returns
    -------
    tuple of int
        ``(begin, end)``, end excluded.
    """
    comm = _communicator(comm)
    ranges = None
    if comm.rank == root:
        ranges = [(b, e) for _, b, e in _scatter_index(n_total_samples, comm.size,
                                                       force_equal_length)]
    return tuple(comm.mpi_comm.scatter(ranges, root=root))


def _scatter_index(n_total_samples, size, force_equal_length):
    """Yield ``(rank, begin, end)`` for each of ``size`` ranks.

    Equal lengths: every part has ``ceil(n / size)`` indices and starts at
    ``floor(n * rank / size)``, so the parts cover everything and the last one ends at n.
    Disjoint: the first ``n % size`` parts get one index more than the others.
    """
    if size <= 0 or n_total_samples < 0:
        raise ValueError('_scatter_index: needs size > 0 and n_total_samples >= 0, got {} '
                         'and {}'.format(size, n_total_samples))
    if force_equal_length:
        length = -(-n_total_samples // size)
        for rank in range(size):
            begin = n_total_samples * rank // size
            yield rank, begin, begin + length
        return
    base, extra = divmod(n_total_samples, size)
    begin = 0
    for rank in range(size):
        end = begin + base + (1 if rank < extra else 0)
        yield rank, begin, end
        begin = end


def get_n_iterations_for_one_epoch(dataset, local_batch_size, comm):
    """Deprecated: the iterations of one epoch, as decided by rank 0 (use epoch triggers)."""
    warnings.warn('get_n_iterations_for_one_epoch is deprecated: use the epoch triggers',
                  DeprecationWarning, stacklevel=2)
    n = None
    if comm.rank == 0:
        n = -(-len(dataset) // local_batch_size)
    return comm.bcast_obj(n)


def get_epoch_trigger(n_epochs, dataset, local_batch_size, comm):
    """Deprecated: ``(n_epochs * iterations per epoch, 'iteration')``."""
    warnings.warn('get_epoch_trigger is deprecated: use the epoch triggers',
                  DeprecationWarning, stacklevel=2)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        n = get_n_iterations_for_one_epoch(dataset, local_batch_size, comm)
    return n_epochs * n, 'iteration'
