"""Communicators on 2 processes (cases_communicators.py), and their single-process errors."""
import numpy
import pytest

MPI_CASES = 'cases_communicators.py'


def test_mpi(mpi_case, mpi_results):
    mpi_results(*mpi_case)


def test_gpu_communicators_say_what_is_missing():
    pytest.importorskip('mpi4py', reason='mpi4py is not installed: pip install \'kusari[mpi]\'')
    from kusari.chainermn.communicators import _gpu
    if _gpu.gpu_available():
        pytest.skip('a GPU is available here')
    from kusari import chainermn
    for name in ('flat', 'non_cuda_aware', 'pure_nccl'):
        with pytest.raises(RuntimeError, match=r"'{}' communicator.*packed".format(name)):
            chainermn.create_communicator(name)


def test_nccl_without_cupy_reports_version_zero():
    from kusari.chainermn import nccl
    if nccl._available:
        pytest.skip('NCCL is available here')
    assert nccl.get_build_version() == 0
    with pytest.raises(RuntimeError, match='needs NCCL'):
        nccl.check_available('this')
    with pytest.raises(ValueError, match='float16, float32 and float64'):
        nccl.type_id(numpy.int32)
