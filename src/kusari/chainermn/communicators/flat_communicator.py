"""FlatCommunicator: the packed all-reduce of GPU gradients (CuPy), staged through the host.

kusari's MPI (the MPICH wheel) is not CUDA-aware, so the packed CuPy buffer is copied to
host memory for the ``MPI_Allreduce`` and back. Constructing it without CuPy or a GPU raises
a RuntimeError; on the CPU use :class:`~kusari.chainermn.communicators.packed_communicator.
PackedCommunicator` (``'packed'``), which is the same algorithm on NumPy.
"""
from kusari.chainermn.communicators import _gpu, packed_communicator


class FlatCommunicator(packed_communicator.PackedCommunicator):
    """One all-reduce per step over a packed CuPy buffer (GPU only).

    Parameters
    ----------
    mpi_comm : mpi4py.MPI.Comm
        The processes taking part.

    Raises
    ------
    RuntimeError
        Without CuPy or a CUDA device.
    """

    def __init__(self, mpi_comm):
        _gpu.check_gpu('flat')
        super().__init__(mpi_comm)
