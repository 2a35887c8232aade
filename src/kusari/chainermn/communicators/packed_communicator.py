"""PackedCommunicator: every gradient in one buffer, one all-reduce per step.

ChainerMN's ``flat`` idea on NumPy. The gradients are scaled by ``1 / size`` while they are
copied into one contiguous buffer (one pass over the data), the buffer is summed in place by
one ``MPI_Allreduce``, and each parameter's gradient then *is* its slice of the buffer (a
view, no copy back; a parameter of another dtype than the buffer gets a cast copy). The
buffer is reused from step to step, so a gradient array kept from an earlier step is
overwritten by the next :meth:`multi_node_mean_grad`: copy it if you keep it.
"""
import numpy

from kusari import backend
from kusari.chainermn import _mpi
from kusari.chainermn.communicators import _memory_utility as _mem
from kusari.chainermn.communicators import mpi_communicator_base


def _address(a):
    if isinstance(a, numpy.ndarray):
        return a.__array_interface__['data'][0]
    return a.data.ptr


def _offset_in(view, base, itemsize):
    """The element offset of ``view`` inside the 1-d ``base`` (same dtype), or None."""
    if view.dtype != base.dtype or not view.flags.c_contiguous:
        return None
    start = _address(view) - _address(base)
    if start < 0 or start % itemsize:
        return None
    return start // itemsize


class PackedCommunicator(mpi_communicator_base.MpiCommunicatorBase):
    """Averages all gradients with a single ``MPI_Allreduce`` over one packed buffer.

    The buffer's dtype is the widest gradient dtype, at least float32 (float16 gradients
    travel as float32). CuPy gradients are packed on the GPU and staged through host memory.

    Parameters
    ----------
    mpi_comm : mpi4py.MPI.Comm
        The processes taking part.
    """

    _skip_allreduce = False    # DummyCommunicator measures the packing alone

    def __init__(self, mpi_comm):
        super().__init__(mpi_comm)
        self._buffers = {}

    def _buffer(self, xp):
        buf = self._buffers.get(xp)
        if buf is None:
            buf = self._buffers[xp] = _mem.PackedBuffer(xp)
        return buf

    def multi_node_mean_grad(self, model, zero_fill=False):
        params = _mem.extract_params_set_grad(model, zero_fill)
        if mpi_communicator_base.kusari_is_debug():
            self._check_same_layout('multi_node_mean_grad',
                                    [(p.shape, p.dtype.str) for p in params])
        if not params:
            return
        if self.size == 1:       # the mean over one process: nothing to communicate
            for p in params:
                if p.grad is None:
                    p.grad = p.xp.zeros_like(p.array)
            return
        xp = backend.get_array_module(params[0].array)
        dtype = numpy.result_type(numpy.float32, *[p.dtype for p in params])
        total = 0
        for p in params:
            total += p.array.size
        buf = self._buffer(xp).get(total, dtype)
        # A gradient that is still a view of the buffer (from the last step) but at another
        # place in this step's layout would be overwritten before it is read: copy it first.
        grads = []
        offset = 0
        for p in params:
            g = p.grad
            if g is not None and xp.may_share_memory(g, buf) and (
                    _offset_in(g, buf, dtype.itemsize) != offset):
                g = g.copy()
            grads.append(g)
            offset += p.array.size
        scale = 1.0 / self.size
        views = []
        offset = 0
        for p, g in zip(params, grads):
            n = p.array.size
            view = buf[offset:offset + n].reshape(p.shape)
            if g is None:
                view.fill(0)
            else:
                xp.multiply(g, scale, out=view, casting='unsafe')
            views.append(view)
            offset += n
        MPI = _mpi.MPI()
        if self._skip_allreduce:
            pass
        elif xp is numpy:
            self.mpi_comm.Allreduce(MPI.IN_PLACE, buf)
        else:
            host = buf.get()
            self.mpi_comm.Allreduce(MPI.IN_PLACE, host)
            buf.set(host)
        for p, view in zip(params, views):
            p.grad = view if view.dtype == p.dtype else view.astype(p.dtype)
        if mpi_communicator_base.kusari_is_debug():
            self._ensure_all_finite(buf)
