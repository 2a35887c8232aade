"""Differentiable communication: 2-process cases (cases_functions.py) and pseudo_connect."""
import numpy
import pytest

import kusari
from kusari import testing
from kusari.chainermn import functions as mnf

MPI_CASES = 'cases_functions.py'


def test_mpi(mpi_case, mpi_results):
    mpi_results(*mpi_case)


class TestPseudoConnect(testing.FunctionTestCase):
    """The values pass through; the delegate gets a zero gradient (every order)."""

    params = [{'shapes': [(3, 2)], 'delegate': (0,)},
              {'shapes': [(4, 5), (3, 2), ()], 'delegate': (2, 2)}]

    def generate_inputs(self):
        return (self.uniform(-1, 1, self.delegate),) + tuple(
            self.uniform(-1, 1, s) for s in self.shapes)

    def forward(self, inputs, device):
        return mnf.pseudo_connect(*inputs)

    def forward_expected(self, inputs):
        return tuple(inputs[1:])


def test_pseudo_connect_without_delegate():
    x = kusari.Variable(numpy.arange(3.0))
    y, = mnf.pseudo_connect(None, x)
    numpy.testing.assert_array_equal(y.array, x.array)
    kusari.backward([y], [numpy.ones(3)])
    numpy.testing.assert_array_equal(x.grad, 1.0)


def test_pseudo_connect_gives_the_delegate_zeros():
    d = kusari.Variable(numpy.ones((2, 3), numpy.float32))
    x = kusari.Variable(numpy.ones(2))
    y, = mnf.pseudo_connect(d, x)
    kusari.backward([y], [numpy.array([2.0, 3.0])])
    numpy.testing.assert_array_equal(d.grad, numpy.zeros((2, 3), numpy.float32))
    numpy.testing.assert_array_equal(x.grad, [2.0, 3.0])


def _one_process():
    pytest.importorskip('mpi4py', reason='mpi4py is not installed: pip install \'kusari[mpi]\'')
    from kusari import chainermn
    comm = chainermn.create_communicator('naive')
    if comm.size != 1:
        pytest.skip('runs in one process')
    return comm


class TestCollectivesOnOneProcess(testing.FunctionTestCase):
    """On one process every collective is the identity: forward, and the adjoint
    collectives of their backward, at every order."""

    params = testing.product({'name': ['allgather', 'alltoall', 'allreduce', 'bcast', 'gather',
                                       'scatter'],
                              'shape': [(3, 2), ()]})

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        comm = _one_process()
        x, = inputs
        if self.name in ('alltoall', 'scatter'):
            y = getattr(mnf, self.name)(comm, [x])
        else:
            y = getattr(mnf, self.name)(comm, x)
        return tuple(y) if isinstance(y, tuple) else (y,)

    def forward_expected(self, inputs):
        return tuple(inputs)
