"""PureNcclCommunicator: GPU gradients averaged with one NCCL all-reduce per step.

Needs CuPy with NCCL and a CUDA device; constructing it elsewhere raises a RuntimeError
that names the CPU communicators. The all-reduce runs in ``allreduce_grad_dtype`` (a
configuration; None means :func:`kusari.get_dtype`, i.e. float16 under ``mixed16``).
Parameters are broadcast with MPI through host memory (once per job).
"""
import numpy

from kusari.chainermn import nccl
from kusari.chainermn.communicators import _communication_utility as _util
from kusari.chainermn.communicators import _gpu, mpi_communicator_base
from kusari.chainermn.communicators import _memory_utility as _mem
from kusari.configuration import get_dtype


class PureNcclCommunicator(mpi_communicator_base.MpiCommunicatorBase):
    """One NCCL all-reduce per step over a packed CuPy buffer.

    Parameters
    ----------
    mpi_comm : mpi4py.MPI.Comm
        The processes taking part (one GPU each).

    Raises
    ------
    RuntimeError
        Without CuPy, a CUDA device or NCCL 2.
    """

    def __init__(self, mpi_comm):
        _gpu.check_gpu('pure_nccl')
        nccl.check_available('the \'pure_nccl\' communicator')
        if nccl.get_build_version() < 2000:
            raise RuntimeError('the \'pure_nccl\' communicator needs NCCL 2.0 or newer, CuPy '
                               'was built with {}'.format(nccl.get_build_version()))
        super().__init__(mpi_comm)
        # NCCL communicators bind to the current device when created: made on first use,
        # after the user has selected the device.
        self.nccl_comm = None
        self._buffers = (_mem.PackedBuffer(_cupy()), _mem.PackedBuffer(_cupy()))
        with self.config_scope():
            self.allreduce_grad_dtype = None

    def finalize(self):
        super().finalize()
        if self.nccl_comm is not None:
            _cupy().cuda.Stream.null.synchronize()
            self.mpi_comm.barrier()
            self.nccl_comm.destroy()
            self.nccl_comm = None

    def _init_comms(self):
        if self.nccl_comm is None:
            self.nccl_comm = _util.init_nccl_comm(self.mpi_comm)

    def set_config(self, name, value=True, **kwargs):
        """Set ``allreduce_grad_dtype`` (float16, float32, float64 or None) or
        ``batched_copy``.

        Raises
        ------
        ValueError
            For a non-float ``allreduce_grad_dtype`` or an unknown name.
        """
        if name == 'allreduce_grad_dtype':
            if value is not None:
                value = numpy.dtype(value)
                if value.kind != 'f':
                    raise ValueError('allreduce_grad_dtype must be numpy.float16, '
                                     'numpy.float32, numpy.float64 or None, got {}'
                                     .format(value))
            with self.config_scope():
                self.allreduce_grad_dtype = value
        else:
            super().set_config(name, value, **kwargs)

    def get_config(self, name=None):
        if name == 'allreduce_grad_dtype':
            return self.allreduce_grad_dtype
        return super().get_config(name)

    def multi_node_mean_grad(self, model, zero_fill=False):
        self._multi_node_mean_grad_async(model, zero_fill, _cupy().cuda.Stream.null)

    def _multi_node_mean_grad_async(self, model, zero_fill, stream):
        cupy = _cupy()
        self._init_comms()
        params = _mem.extract_params_set_grad(model, zero_fill)
        if not params:
            return
        dtype = self.allreduce_grad_dtype
        if dtype is None:
            dtype = get_dtype()
        n = sum(p.array.size for p in params)
        send = self._buffers[0].get(n, dtype)
        recv = self._buffers[1].get(n, dtype)
        with stream:
            offset = 0
            for p in params:
                size = p.array.size
                if p.grad is None:
                    send[offset:offset + size] = 0
                else:
                    send[offset:offset + size] = p.grad.ravel()
                offset += size
            self.nccl_comm.allReduce(send.data.ptr, recv.data.ptr, n, nccl.type_id(dtype),
                                     nccl.NCCL_SUM, stream.ptr)
            recv *= recv.dtype.type(1.0 / self.size)
            offset = 0
            for p in params:
                size = p.array.size
                part = recv[offset:offset + size].reshape(p.shape)
                if p.grad is None:
                    p.grad = part.astype(p.dtype)
                else:
                    cupy.copyto(p.grad, part, casting='unsafe')
                offset += size
        if mpi_communicator_base.kusari_is_debug():
            stream.synchronize()
            self._ensure_all_finite(recv)


def _cupy():
    import cupy
    return cupy
