"""Rank bookkeeping and large-object broadcast shared by the communicators."""
import pickle

from kusari.chainermn import nccl

INT_MAX = 2147483647   # the largest element count of one MPI message (a C int)


def init_ranks(mpi_comm):
    """Where this process stands: its rank, its place on its machine, its machine's place.

    Machines are told apart by ``MPI.Get_processor_name()`` and numbered in the order of
    their lowest rank; one collective (an allgather of the names).

    Parameters
    ----------
    mpi_comm : mpi4py.MPI.Comm
        The communicator.

    Returns
    -------
    list of int
        ``[rank, intra_rank, intra_size, inter_rank, inter_size]``.
    """
    from kusari.chainermn import _mpi
    names = mpi_comm.allgather(_mpi.MPI().Get_processor_name())
    machines = {}        # name -> ranks on it, ascending (dicts keep first-seen order)
    for r, name in enumerate(names):
        machines.setdefault(name, []).append(r)
    rank = mpi_comm.rank
    mine = names[rank]
    local = machines[mine]
    order = list(machines)       # by lowest rank, since ranks were visited in order
    return [rank, local.index(rank), len(local), order.index(mine), len(order)]


def init_intra_mpi_comm(mpi_comm, intra_rank, inter_rank):
    """The communicator of the processes on this machine (ordered by ``intra_rank``)."""
    return mpi_comm.Split(inter_rank, intra_rank)


def init_inter_mpi_comm(mpi_comm, intra_rank, inter_rank):
    """The communicator of the processes with this ``intra_rank`` on every machine."""
    return mpi_comm.Split(intra_rank, inter_rank)


def init_nccl_comm(mpi_comm):
    """An NCCL communicator over the processes of ``mpi_comm`` (rank 0 makes the id).

    Raises
    ------
    RuntimeError
        If CuPy's NCCL binding is not available.
    """
    nccl.check_available('an NCCL communicator')
    uid = nccl.get_unique_id() if mpi_comm.rank == 0 else None
    uid = mpi_comm.bcast(uid)
    return nccl.NcclCommunicator(mpi_comm.size, uid, mpi_comm.rank)


def chunked_bcast_obj(obj, mpi_comm, max_buf_len=256 * 1024 * 1024, root=0):
    """Broadcast a picklable object of any size, in chunks of at most ``max_buf_len`` bytes.

    One MPI message holds at most ``INT_MAX`` elements, so the root pickles the object and
    broadcasts the bytes chunk by chunk.

    Parameters
    ----------
    obj : object
        The object at ``root`` (ignored elsewhere).
    mpi_comm : mpi4py.MPI.Comm
        The communicator.
    max_buf_len : int
        The chunk size in bytes, ``0 < max_buf_len < INT_MAX``.
    root : int
        The sending rank.

    Returns
    -------
    object
        The root's object, on every rank (the root gets ``obj`` itself).

    Raises
    ------
    AssertionError
        If ``max_buf_len`` is out of range (on every rank, before any communication).
    """
    if not 0 < max_buf_len < INT_MAX:
        raise AssertionError('chunked_bcast_obj: max_buf_len must be in (0, {}), got {}'
                             .format(INT_MAX, max_buf_len))
    is_root = mpi_comm.rank == root
    if is_root:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        total = len(data)
    else:
        total = None
    total = mpi_comm.bcast(total, root=root)
    if not is_root:
        data = bytearray(total)
    view = memoryview(data)
    for start in range(0, total, max_buf_len):
        mpi_comm.Bcast(view[start:min(start + max_buf_len, total)], root=root)
    return obj if is_root else pickle.loads(data)


def _get_nccl_type_id(dtype):
    """The NCCL type id of a float dtype."""
    return nccl.type_id(dtype)
