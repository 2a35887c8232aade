"""NaiveCommunicator: one MPI all-reduce per parameter (simple; the reference to compare
the packed communicator with)."""
from kusari.chainermn.communicators import _memory_utility as _mem
from kusari.chainermn.communicators import mpi_communicator_base


class NaiveCommunicator(mpi_communicator_base.MpiCommunicatorBase):
    """Averages each gradient with its own ``MPI_Allreduce`` (float16 through float32).

    Parameters
    ----------
    mpi_comm : mpi4py.MPI.Comm
        The processes taking part.
    """

    def multi_node_mean_grad(self, model, zero_fill=False):
        for param in _mem.extract_params_set_grad(model, zero_fill):
            if param.grad is None:
                param.grad = param.xp.zeros_like(param.array)
            self._multi_node_mean(None, param.grad)
