"""MpiCommunicatorBase: ChainerMN's communicator interface on an mpi4py communicator.

Arrays travel as raw bytes after a small pickled header (shapes and dtype), so any dtype but
``object`` can be sent, gathered or scattered, float16 included; only :meth:`allreduce`
needs an MPI type, and float16 is summed in float32 there. CuPy arrays are staged through
host memory (the MPICH wheel is not CUDA-aware). Subclasses implement
:meth:`multi_node_mean_grad`.
"""
import numpy

from kusari import backend
from kusari.chainermn import _mpi
from kusari.chainermn.communicators import _communication_utility as _util
from kusari.chainermn.communicators import _memory_utility as _mem
from kusari.chainermn.communicators import communicator_base


class _Header:
    """What the receiver needs to rebuild the arrays: shapes, dtype, tuple or not, GPU."""

    __slots__ = ('shapes', 'dtype', 'is_tuple', 'on_gpu')

    def __init__(self, shapes, dtype, is_tuple, on_gpu):
        self.shapes = shapes
        self.dtype = dtype
        self.is_tuple = is_tuple
        self.on_gpu = on_gpu

    def __getstate__(self):
        return self.shapes, self.dtype.str, self.is_tuple, self.on_gpu

    def __setstate__(self, state):
        self.shapes, dtype, self.is_tuple, self.on_gpu = state
        self.dtype = numpy.dtype(dtype)

    @property
    def nbytes(self):
        n = 0
        for shape in self.shapes:
            n += _size(shape)
        return n * self.dtype.itemsize


def _size(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _is_array(x):
    return isinstance(x, numpy.ndarray) or backend._is_cupy_array(x)


def _header(caller, data, allow_tuple=True):
    """The header of an array or of a tuple/list of arrays of one dtype."""
    if _is_array(data):
        arrays, is_tuple = (data,), False
    elif isinstance(data, (tuple, list)) and allow_tuple:
        arrays, is_tuple = tuple(data), True
        if not all(_is_array(a) for a in arrays):
            raise TypeError('{}: a tuple to send must hold NumPy or CuPy arrays only, got '
                            '{}'.format(caller, [type(a).__name__ for a in arrays]))
    else:
        raise TypeError('{}: expected {}, got {}'.format(
            caller, 'an array or a tuple of arrays' if allow_tuple else 'an array',
            type(data).__name__))
    dtypes = {a.dtype for a in arrays}
    if len(dtypes) > 1:
        raise TypeError('{}: the arrays of a tuple must have one dtype, got {}'.format(
            caller, sorted(str(d) for d in dtypes)))
    dtype = arrays[0].dtype if arrays else numpy.dtype(numpy.float32)
    if dtype.kind == 'O':
        raise TypeError('{}: arrays of dtype object cannot be sent (use the _obj methods '
                        'for Python objects)'.format(caller))
    on_gpu = any(backend._is_cupy_array(a) for a in arrays)
    if on_gpu and not all(backend._is_cupy_array(a) for a in arrays):
        raise ValueError('{}: the arrays must be all NumPy or all CuPy arrays'.format(caller))
    return _Header([tuple(a.shape) for a in arrays], dtype, is_tuple, on_gpu), arrays


def _pack_bytes(arrays):
    """One contiguous host byte buffer holding ``arrays`` one after the other."""
    if len(arrays) == 1:
        return _mem.as_bytes(_mem.to_host(arrays[0]))
    if not arrays:
        return numpy.empty(0, numpy.uint8)
    return numpy.concatenate([_mem.as_bytes(_mem.to_host(a)) for a in arrays])


def _unpack_bytes(buf, header, like_gpu):
    """The arrays of ``header`` read from the byte buffer ``buf`` (copied to the GPU if so)."""
    out = []
    offset = 0
    itemsize = header.dtype.itemsize
    for shape in header.shapes:
        n = _size(shape) * itemsize
        a = buf[offset:offset + n].view(header.dtype).reshape(shape)
        offset += n
        if like_gpu:
            import cupy
            a = cupy.asarray(a)
        out.append(a)
    return out


def _counts_displs(sizes):
    displs = []
    total = 0
    for s in sizes:
        displs.append(total)
        total += s
    return list(sizes), displs, total


def _reducible(caller, x):
    """A host array that MPI can sum, and the dtype to return (float16 sums in float32)."""
    host = _mem.to_host(x)
    if host.dtype.kind == 'O':
        raise TypeError('{}: arrays of dtype object cannot be reduced'.format(caller))
    if host.dtype == numpy.float16:
        return host.astype(numpy.float32), host.dtype
    return host, host.dtype


class MpiCommunicatorBase(communicator_base.CommunicatorBase):
    """A communicator over an mpi4py communicator (``COMM_WORLD`` or a split of it).

    Parameters
    ----------
    mpi_comm : mpi4py.MPI.Comm
        The processes taking part.

    Attributes
    ----------
    mpi_comm : mpi4py.MPI.Comm
        The underlying communicator (for direct mpi4py calls).
    """

    def __init__(self, mpi_comm):
        super().__init__()
        self.mpi_comm = mpi_comm
        self._init_ranks()
        with self.config_scope():
            self.batched_copy = False

    @property
    def rank(self):
        return self.mpi_comm.rank

    @property
    def size(self):
        return self.mpi_comm.size

    @property
    def intra_rank(self):
        return self._intra_rank

    @property
    def intra_size(self):
        return self._intra_size

    @property
    def inter_rank(self):
        return self._inter_rank

    @property
    def inter_size(self):
        return self._inter_size

    def set_config(self, name, value=True, **kwargs):
        """Set ``batched_copy`` (accepted for Chainer; CPU packing is always batched).

        Parameters
        ----------
        name : str
            ``'batched_copy'``.
        value : object
            The new value.

        Raises
        ------
        ValueError
            For any other name.
        """
        if name == 'batched_copy':
            with self.config_scope():
                self.batched_copy = value
        else:
            super().set_config(name, **kwargs)

    def get_config(self, name=None):
        if name == 'batched_copy':
            return self.batched_copy
        return super().get_config(name)

    def split(self, color, key):
        return type(self)(mpi_comm=self.mpi_comm.Split(color, key))

    # -- arrays -----------------------------------------------------------------------------

    def send(self, data, dest, tag=0):
        """Send an array, or a tuple of arrays of one dtype, to ``dest`` (see :meth:`recv`).

        Parameters
        ----------
        data : array or tuple of arrays
            NumPy or CuPy arrays of any dtype but object; need not be contiguous.
        dest : int
            The receiving rank.
        tag : int
            The message tag.

        Raises
        ------
        TypeError
            If ``data`` is not an array or a tuple of arrays of one dtype.
        """
        header, arrays = _header('send', data)
        self.mpi_comm.send(header, dest=dest, tag=tag)
        self.mpi_comm.Send([_pack_bytes(arrays), _mpi.MPI().BYTE], dest=dest, tag=tag)

    def recv(self, source, tag=0):
        """Receive what :meth:`send` sent: an array, or a tuple if a tuple was sent.

        CuPy arrays arrive on the current CUDA device.

        Parameters
        ----------
        source : int
            The sending rank.
        tag : int
            The message tag.

        Returns
        -------
        array or tuple of arrays
            Of the sent shapes and dtype.
        """
        MPI = _mpi.MPI()
        status = MPI.Status()
        header = self.mpi_comm.recv(source=source, tag=tag, status=status)
        buf = numpy.empty(header.nbytes, numpy.uint8)
        self.mpi_comm.Recv([buf, MPI.BYTE], source=status.Get_source(), tag=status.Get_tag())
        arrays = _unpack_bytes(buf, header, header.on_gpu)
        return tuple(arrays) if header.is_tuple else arrays[0]

    def bcast(self, x, root=0):
        """Broadcast an array from ``root`` (the root gets ``x`` itself back).

        Parameters
        ----------
        x : array or None
            The array at ``root``; ignored elsewhere.
        root : int
            The sending rank.

        Returns
        -------
        array
            The root's array on every rank.

        Raises
        ------
        TypeError
            At the root, if ``x`` is not an array (before any communication, so the other
            ranks wait: check before broadcasting).
        """
        MPI = _mpi.MPI()
        if self.rank == root:
            header, arrays = _header('bcast', x, allow_tuple=False)
            self.mpi_comm.bcast(header, root=root)
            self.mpi_comm.Bcast([_pack_bytes(arrays), MPI.BYTE], root=root)
            return x
        header = self.mpi_comm.bcast(None, root=root)
        buf = numpy.empty(header.nbytes, numpy.uint8)
        self.mpi_comm.Bcast([buf, MPI.BYTE], root=root)
        return _unpack_bytes(buf, header, header.on_gpu)[0]

    def gather(self, x, root=0):
        """Gather one array per rank at ``root`` (shapes and dtypes may differ).

        Parameters
        ----------
        x : array
            This rank's array.
        root : int
            The receiving rank.

        Returns
        -------
        tuple of arrays or None
            At ``root`` the arrays in rank order, ``None`` elsewhere.
        """
        MPI = _mpi.MPI()
        header, arrays = _header('gather', x, allow_tuple=False)
        headers = self.mpi_comm.gather(header, root=root)
        send = [_pack_bytes(arrays), MPI.BYTE]
        if self.rank != root:
            self.mpi_comm.Gatherv(send, None, root=root)
            return None
        counts, displs, total = _counts_displs([h.nbytes for h in headers])
        buf = numpy.empty(total, numpy.uint8)
        self.mpi_comm.Gatherv(send, [buf, (counts, displs), MPI.BYTE], root=root)
        return tuple(_unpack_bytes(buf[d:d + c], h, header.on_gpu)[0]
                     for h, c, d in zip(headers, counts, displs))

    def allgather(self, x):
        """Every rank gets every rank's array (shapes and dtypes may differ).

        Parameters
        ----------
        x : array
            This rank's array.

        Returns
        -------
        tuple of arrays
            In rank order.
        """
        MPI = _mpi.MPI()
        header, arrays = _header('allgather', x, allow_tuple=False)
        headers = self.mpi_comm.allgather(header)
        counts, displs, total = _counts_displs([h.nbytes for h in headers])
        buf = numpy.empty(total, numpy.uint8)
        self.mpi_comm.Allgatherv([_pack_bytes(arrays), MPI.BYTE],
                                 [buf, (counts, displs), MPI.BYTE])
        return tuple(_unpack_bytes(buf[d:d + c], h, header.on_gpu)[0]
                     for h, c, d in zip(headers, counts, displs))

    def allreduce(self, x):
        """The elementwise sum of ``x`` over the ranks (float16 is summed in float32).

        Parameters
        ----------
        x : array
            This rank's array; one shape and dtype on every rank.

        Returns
        -------
        array
            A new array with the sum, on every rank.
        """
        if not _is_array(x):
            raise TypeError('allreduce: expected an array, got {}'.format(type(x).__name__))
        host, dtype = _reducible('allreduce', x)
        out = numpy.empty_like(host)
        self.mpi_comm.Allreduce(host, out)
        if out.dtype != dtype:
            out = out.astype(dtype)
        return _mem.from_host(out, x)

    def scatter(self, xs, root=0):
        """Send ``xs[i]`` from ``root`` to rank ``i``.

        Parameters
        ----------
        xs : tuple/list of arrays, array or None
            At ``root``: ``size`` arrays of one dtype, or an array whose first axis has
            ``size`` entries; ignored elsewhere.
        root : int
            The sending rank.

        Returns
        -------
        array
            This rank's part.

        Raises
        ------
        ValueError
            At the root, if ``xs`` has not one entry per rank.
        """
        MPI = _mpi.MPI()
        if self.rank == root:
            if _is_array(xs):
                if xs.ndim == 0 or xs.shape[0] != self.size:
                    raise ValueError('scatter: an array to scatter needs {} entries along its '
                                     'first axis (one per rank), got shape {}'.format(
                                         self.size, xs.shape))
                parts = [xs[i] for i in range(self.size)]
            elif isinstance(xs, (tuple, list)):
                if len(xs) != self.size:
                    raise ValueError('scatter: needs {} arrays (one per rank), got {}'.format(
                        self.size, len(xs)))
                parts = list(xs)
            else:
                raise TypeError('scatter: expected arrays to scatter at the root, got '
                                '{}'.format(type(xs).__name__))
            headers = [_header('scatter', p, allow_tuple=False)[0] for p in parts]
            header = self.mpi_comm.scatter(headers, root=root)
            counts, displs, _ = _counts_displs([h.nbytes for h in headers])
            send = [_pack_bytes(parts), (counts, displs), MPI.BYTE]
        else:
            header = self.mpi_comm.scatter(None, root=root)
            send = None
        buf = numpy.empty(header.nbytes, numpy.uint8)
        self.mpi_comm.Scatterv(send, [buf, MPI.BYTE], root=root)
        return _unpack_bytes(buf, header, header.on_gpu)[0]

    def alltoall(self, xs):
        """Send ``xs[i]`` to rank ``i``; receive one array from every rank.

        Parameters
        ----------
        xs : tuple/list of arrays
            ``size`` arrays (shapes may differ).

        Returns
        -------
        tuple of arrays
            ``ys[i]`` came from rank ``i``.

        Raises
        ------
        ValueError
            If ``len(xs) != size``.
        """
        MPI = _mpi.MPI()
        if len(xs) != self.size:
            raise ValueError('alltoall: needs {} arrays (one per rank), got {}'.format(
                self.size, len(xs)))
        headers = [_header('alltoall', x, allow_tuple=False)[0] for x in xs]
        rheaders = self.mpi_comm.alltoall(headers)
        scounts, sdispls, _ = _counts_displs([h.nbytes for h in headers])
        rcounts, rdispls, rtotal = _counts_displs([h.nbytes for h in rheaders])
        buf = numpy.empty(rtotal, numpy.uint8)
        on_gpu = any(h.on_gpu for h in headers)
        self.mpi_comm.Alltoallv([_pack_bytes(list(xs)), (scounts, sdispls), MPI.BYTE],
                                [buf, (rcounts, rdispls), MPI.BYTE])
        return tuple(_unpack_bytes(buf[d:d + c], h, on_gpu)[0]
                     for h, c, d in zip(rheaders, rcounts, rdispls))

    # -- Python objects ---------------------------------------------------------------------

    def send_obj(self, obj, dest, tag=0):
        """Send a picklable object to ``dest``."""
        self.mpi_comm.send(obj, dest=dest, tag=tag)

    def recv_obj(self, source, status=None, tag=None):
        """Receive an object sent with :meth:`send_obj`.

        Parameters
        ----------
        source : int
            The sending rank.
        status : mpi4py.MPI.Status, optional
            Filled with the source and tag of the message.
        tag : int or None
            The tag; None accepts any.

        Returns
        -------
        object
            The object.
        """
        if tag is None:
            tag = _mpi.MPI().ANY_TAG
        return self.mpi_comm.recv(source=source, status=status, tag=tag)

    def bcast_obj(self, obj, max_buf_len=256 * 1024 * 1024, root=0):
        """Broadcast a picklable object of any size from ``root`` (``obj`` is ignored
        elsewhere)."""
        return _util.chunked_bcast_obj(obj if self.rank == root else None, self.mpi_comm,
                                       max_buf_len=max_buf_len, root=root)

    def gather_obj(self, obj, root=0):
        """A list of every rank's object at ``root`` (rank order), None elsewhere."""
        return self.mpi_comm.gather(obj, root=root)

    def allreduce_obj(self, obj):
        """The sum of every rank's object (with ``+``), on every rank."""
        return self.mpi_comm.allreduce(obj)

    # -- models -----------------------------------------------------------------------------

    def bcast_data(self, model):
        """Copy rank 0's parameter values into ``model`` on every rank (one Bcast).

        Parameters
        ----------
        model : kusari.Link
            The model; parameters without data are skipped (the same ones on every rank).
        """
        MPI = _mpi.MPI()
        params = _mem.extract_params_set_data(model)
        if kusari_is_debug():
            self._check_same_layout('bcast_data', [(p.shape, p.dtype.str) for p in params])
        sizes = [p.array.nbytes for p in params]
        counts, displs, total = _counts_displs(sizes)
        root = self.rank == 0
        if root:
            buf = _pack_bytes([p.array for p in params])
        else:
            buf = numpy.empty(total, numpy.uint8)
        self.mpi_comm.Bcast([buf, MPI.BYTE], root=0)
        if root:
            return
        for p, c, d in zip(params, counts, displs):
            value = buf[d:d + c].view(p.dtype).reshape(p.shape)
            backend.copyto(p.array, _mem.from_host(value, p.array))

    def _multi_node_mean(self, sendbuf, recvbuf):
        """``recvbuf[...] = mean over ranks of sendbuf`` (of ``recvbuf`` when ``sendbuf`` is
        None); float16 is summed in float32.

        Parameters
        ----------
        sendbuf : array or None
            This rank's values.
        recvbuf : array
            Receives the mean, in place.
        """
        if kusari_is_debug():
            self._check_ready_to_allreduce(sendbuf, recvbuf)
        scale = 1.0 / self.size
        if (sendbuf is None and isinstance(recvbuf, numpy.ndarray)
                and recvbuf.flags.c_contiguous and recvbuf.dtype.kind == 'f'
                and recvbuf.dtype != numpy.float16):
            self.mpi_comm.Allreduce(_mpi.MPI().IN_PLACE, recvbuf)      # no copies
            recvbuf *= recvbuf.dtype.type(scale)
        else:
            src = recvbuf if sendbuf is None else sendbuf
            host, _ = _reducible('multi_node_mean', src)
            out = numpy.empty_like(host)
            self.mpi_comm.Allreduce(host, out)
            out *= out.dtype.type(scale)
            backend.copyto(recvbuf,
                           _mem.from_host(out.astype(recvbuf.dtype, copy=False), recvbuf))
        if kusari_is_debug():
            self._ensure_all_finite(recvbuf)

    # -- checks -----------------------------------------------------------------------------

    def _init_ranks(self):
        ranks = _util.init_ranks(self.mpi_comm)
        (_, self._intra_rank, self._intra_size, self._inter_rank,
         self._inter_size) = ranks

    def _check_same_layout(self, caller, layout):
        """Raise ValueError on every rank unless all ranks have the same ``layout``."""
        layouts = self.mpi_comm.allgather(layout)
        for r, other in enumerate(layouts):
            if other != layouts[0]:
                raise ValueError(
                    '{}: the ranks disagree on the parameters to communicate: rank 0 has {} '
                    'and rank {} has {}'.format(caller, layouts[0], r, other))

    def _check_ready_to_allreduce(self, array_a, array_b):
        layout = (None if array_a is None else (array_a.shape, array_a.dtype.str),
                  array_b.shape, array_b.dtype.str)
        self._check_same_layout('multi_node_mean', layout)

    def _ensure_all_finite(self, array):
        xp = backend.get_array_module(array)
        if not bool(xp.isfinite(array).all()):
            raise ValueError('Parameters diverged after allreduce: a gradient or statistic '
                             'averaged over the ranks holds NaN or infinity (debug mode)')


def kusari_is_debug():
    """``kusari.config.debug`` (the communicators check layouts and finiteness then)."""
    from kusari.configuration import config
    return bool(config.debug)
