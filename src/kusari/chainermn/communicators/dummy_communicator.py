"""DummyCommunicator: packs and unpacks the gradients without communicating (to measure the
packing cost alone; the gradients are not averaged)."""
from kusari.chainermn.communicators import packed_communicator


class DummyCommunicator(packed_communicator.PackedCommunicator):
    """The packed communicator minus the all-reduce: each gradient becomes ``grad / size``.

    Parameters
    ----------
    mpi_comm : mpi4py.MPI.Comm
        The processes (only their number matters).
    """

    def __init__(self, mpi_comm):
        super().__init__(mpi_comm)
        self._skip_allreduce = True
