"""Multi-node batch normalization: 2-process cases against single-process BN on the
concatenated batch (cases_batch_normalization.py), and the 1-process spec."""
import numpy
import pytest

import kusari.functions as F
from kusari import testing

MPI_CASES = 'cases_batch_normalization.py'


def test_mpi(mpi_case, mpi_results):
    mpi_results(*mpi_case)


def _single_process_comm():
    pytest.importorskip('mpi4py', reason='mpi4py is not installed: pip install \'kusari[mpi]\'')
    from kusari import chainermn
    comm = chainermn.create_communicator('naive')
    if comm.size != 1:
        pytest.skip('runs in one process')
    return comm


class TestMultiNodeBatchNormalizationOneProcess(testing.FunctionTestCase):
    """On one process it is batch normalization: forward, gradients of every order."""

    params = [{'shape': (5, 3)}, {'shape': (4, 2, 3, 2)}]

    def generate_inputs(self):
        c = self.shape[1]
        return (self.normal(self.shape), self.uniform(0.5, 1.5, (c,)),
                self.uniform(-1, 1, (c,)))

    def forward(self, inputs, device):
        from kusari.chainermn.functions import multi_node_batch_normalization
        return multi_node_batch_normalization(_single_process_comm(), *inputs),

    def forward_expected(self, inputs):
        x, gamma, beta = (numpy.asarray(a, numpy.float64) for a in inputs)
        axis = (0,) + tuple(range(2, x.ndim))
        shape = [1, -1] + [1] * (x.ndim - 2)
        mean = x.mean(axis=axis, keepdims=True)
        var = x.var(axis=axis, keepdims=True)
        y = (x - mean) / numpy.sqrt(var + 2e-5) * gamma.reshape(shape) + beta.reshape(shape)
        return y.astype(inputs[0].dtype),


def test_communication_backend_names():
    comm = _single_process_comm()
    from kusari.chainermn.functions.batch_normalization import get_communication_backend
    assert get_communication_backend(comm) == 'mpi'
    assert get_communication_backend(comm, 'mpi') == 'mpi'
    with pytest.raises(ValueError, match='pure_nccl'):
        get_communication_backend(comm, 'nccl')
    with pytest.raises(ValueError, match="'dummy'"):
        get_communication_backend(comm, 'dummy')


def test_refuses_mismatched_gamma():
    comm = _single_process_comm()
    from kusari.chainermn.functions import multi_node_batch_normalization
    from kusari.utils.type_check import InvalidType
    with pytest.raises(InvalidType, match='gamma'):
        multi_node_batch_normalization(comm, numpy.ones((3, 4), 'f'), numpy.ones(3, 'f'),
                                       numpy.ones(3, 'f'))
    assert F is not None
