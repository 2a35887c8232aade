"""Communicators and :func:`create_communicator`."""
from kusari.chainermn.communicators.communicator_base import CommunicatorBase  # noqa: F401

#: The communicator names :func:`create_communicator` accepts (besides ``'auto'``).
NAMES = ('packed', 'naive', 'flat', 'non_cuda_aware', 'pure_nccl', 'dummy')


def _default_name():
    """``'pure_nccl'`` where CuPy with NCCL and a CUDA device are available, else
    ``'packed'``."""
    from kusari.chainermn import nccl
    from kusari.chainermn.communicators import _gpu
    if nccl._available and _gpu.gpu_available():
        return 'pure_nccl'
    return 'packed'


def create_communicator(communicator_name='auto', mpi_comm=None, **kwargs):
    """Create a communicator over MPI.

    ============== ===== ===== ===================================================
    name           CPU   GPU   how the gradients are averaged
    ============== ===== ===== ===================================================
    packed         yes   yes   one all-reduce of one packed buffer per step
    naive          yes   yes   one all-reduce per parameter
    flat           --    yes   as ``packed``, on a CuPy buffer (GPU required)
    non_cuda_aware --    yes   as ``flat`` (kusari always stages GPU data through
                               the host for MPI)
    pure_nccl      --    yes   one NCCL all-reduce per step (NCCL 2 required)
    dummy          yes   yes   packs without communicating (for measurements)
    ============== ===== ===== ===================================================

    ``'auto'`` (the default) picks ``'pure_nccl'`` when CuPy with NCCL and a CUDA device
    are available and ``'packed'`` otherwise: on a CPU-only machine the default is the
    packed CPU communicator. (ChainerMN's default was ``'pure_nccl'``, which fails without
    a GPU.) The GPU-only communicators raise a RuntimeError that says what is missing.

    When the communicator spans more than one process, an uncaught exception on any rank
    calls ``MPI_Abort`` so that the other ranks do not wait forever (see
    :mod:`kusari.chainermn.global_except_hook`; ``CHAINERMN_FORCE_ABORT_ON_EXCEPTION=0``
    turns that off).

    Parameters
    ----------
    communicator_name : str
        ``'auto'`` or one of the names above.
    mpi_comm : mpi4py.MPI.Comm, optional
        The processes taking part (``MPI.COMM_WORLD`` by default).
    allreduce_grad_dtype : dtype, optional
        ``pure_nccl`` only: the dtype of the all-reduce (default: :func:`kusari.get_dtype`).
    batched_copy : bool, optional
        Accepted for Chainer (default True).

    Returns
    -------
    CommunicatorBase
        The communicator.

    Raises
    ------
    ImportError
        If mpi4py is not installed (``pip install 'kusari[mpi]'``).
    ValueError
        For an unknown name or keyword, or ``allreduce_grad_dtype`` with another
        communicator than ``pure_nccl``.
    RuntimeError
        For a GPU communicator without CuPy, a GPU or NCCL.
    """
    from kusari.chainermn import _mpi, global_except_hook

    allreduce_grad_dtype = kwargs.pop('allreduce_grad_dtype', None)
    batched_copy = kwargs.pop('batched_copy', True)
    if kwargs:
        raise TypeError('create_communicator() got unexpected keyword argument(s) {}'.format(
            ', '.join(sorted(kwargs))))
    if mpi_comm is None:
        mpi_comm = _mpi.comm_world()
    name = communicator_name
    if name == 'auto':
        name = _default_name()
    if name not in NAMES:
        raise ValueError('Unrecognized communicator: {!r} (expected \'auto\' or one of {})'
                         .format(communicator_name, ', '.join(NAMES)))
    if name != 'pure_nccl' and allreduce_grad_dtype is not None:
        raise ValueError('allreduce_grad_dtype is only available with the \'pure_nccl\' '
                         'communicator (this one is {!r})'.format(name))
    cls = _communicator_class(name)
    comm = cls(mpi_comm=mpi_comm)
    if name == 'pure_nccl':
        comm.set_config('allreduce_grad_dtype', allreduce_grad_dtype)
    comm.set_config('batched_copy', batched_copy)
    if comm.size > 1:
        global_except_hook._add_hook_for_communicator()
    return comm


def _communicator_class(name):
    if name == 'packed':
        from kusari.chainermn.communicators.packed_communicator import PackedCommunicator
        return PackedCommunicator
    if name == 'naive':
        from kusari.chainermn.communicators.naive_communicator import NaiveCommunicator
        return NaiveCommunicator
    if name == 'flat':
        from kusari.chainermn.communicators.flat_communicator import FlatCommunicator
        return FlatCommunicator
    if name == 'non_cuda_aware':
        from kusari.chainermn.communicators.non_cuda_aware_communicator import (
            NonCudaAwareCommunicator,
        )
        return NonCudaAwareCommunicator
    if name == 'pure_nccl':
        from kusari.chainermn.communicators.pure_nccl_communicator import PureNcclCommunicator
        return PureNcclCommunicator
    from kusari.chainermn.communicators.dummy_communicator import DummyCommunicator
    return DummyCommunicator
