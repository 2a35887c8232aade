"""Which parameters take part in an all-reduce, and moving arrays to and from MPI buffers.

MPI (the MPICH wheel, and most builds) reads host memory only: CuPy arrays are staged
through host copies (:func:`to_host` / :func:`from_host`).
"""
import numpy

from kusari import backend


def extract_params_set_data(model):
    """The parameters of ``model`` that hold data, sorted by their path.

    Parameters
    ----------
    model : kusari.Link
        The model.

    Returns
    -------
    list of Parameter
        In the order of ``sorted(model.namedparams())``: the same on every rank.
    """
    return [p for _, p in sorted(model.namedparams()) if p.array is not None]


def extract_params_set_grad(model, zero_fill):
    """The parameters whose gradients take part in an all-reduce, sorted by path.

    Parameters
    ----------
    model : kusari.Link
        The model.
    zero_fill : bool
        Include initialized parameters without a gradient (they count as zeros).

    Returns
    -------
    list of Parameter
        Initialized parameters, with a gradient unless ``zero_fill``.
    """
    if zero_fill:
        return [p for _, p in sorted(model.namedparams()) if p.array is not None]
    return [p for _, p in sorted(model.namedparams())
            if p.array is not None and p.grad is not None]


def count_grad_elements(params, zero_fill):
    """The number of gradient elements of ``params`` (``zero_fill`` counts missing ones)."""
    if zero_fill:
        return sum(p.array.size for p in params)
    return sum(p.grad.size for p in params)


def is_host(array):
    """True for a NumPy array (or scalar), False for a CuPy array."""
    return not backend._is_cupy_array(array)


def to_host(array):
    """A C-contiguous NumPy array with the values of ``array`` (no copy when possible)."""
    if backend._is_cupy_array(array):
        return array.get()
    # ascontiguousarray makes 0-d arrays 1-d: keep the shape
    return numpy.ascontiguousarray(array).reshape(numpy.shape(array))


def from_host(array, like):
    """``array`` on the device of ``like`` (itself when ``like`` is on the host)."""
    if backend._is_cupy_array(like):
        import cupy
        with cupy.cuda.Device(like.device.id):
            return cupy.asarray(array)
    return array


def as_bytes(array):
    """The bytes of a C-contiguous NumPy array, as a 1-d uint8 view."""
    return array.reshape(-1).view(numpy.uint8)


def array_to_buffer_object(array, mpi_dtype=None):
    """A buffer that mpi4py can send: a contiguous host array (CuPy arrays are copied).

    Parameters
    ----------
    array : array
        NumPy or CuPy array.
    mpi_dtype : mpi4py.MPI.Datatype, optional
        The MPI type to declare; inferred from the array when None.

    Returns
    -------
    numpy.ndarray or list
        The host array, or ``[array, mpi_dtype]``.
    """
    host = to_host(array)
    return host if mpi_dtype is None else [host, mpi_dtype]


def get_device_memory_pointer(array):
    """A contiguous host array with the values of ``array`` (kusari stages GPU arrays)."""
    return to_host(array)


class PackedBuffer:
    """A reusable 1-d buffer, grown on demand, 64-byte aligned.

    Parameters
    ----------
    xp : module
        numpy or cupy.
    """

    def __init__(self, xp=numpy):
        self.xp = xp
        self.array = None

    def get(self, n, dtype):
        """A 1-d array of ``n`` elements of ``dtype`` (the same memory while it fits)."""
        dtype = numpy.dtype(dtype)
        nbytes = n * dtype.itemsize
        if self.array is None or self.array.nbytes < nbytes:
            if self.xp is numpy:
                from kusari.utils import empty_aligned
                self.array = empty_aligned((max(nbytes, 1),), numpy.uint8)
            else:
                self.array = self.xp.empty((max(nbytes, 1),), numpy.uint8)
        return self.array[:nbytes].view(dtype)
