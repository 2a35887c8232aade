"""NonCudaAwareCommunicator: for an MPI that cannot read GPU memory (GPU only).

kusari stages the packed CuPy gradient buffer through host memory for every MPI call, which
is what this communicator is for; it therefore behaves as :class:`FlatCommunicator`.
Constructing it without CuPy or a GPU raises a RuntimeError.
"""
from kusari.chainermn.communicators import _gpu, packed_communicator


class NonCudaAwareCommunicator(packed_communicator.PackedCommunicator):
    """One host-staged all-reduce per step over a packed CuPy buffer (GPU only).

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
        _gpu.check_gpu('non_cuda_aware')
        super().__init__(mpi_comm)
