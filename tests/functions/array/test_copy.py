"""copy."""
import numpy
import pytest

import kusari.functions as F
from kusari import Variable, backend, testing


class TestCopy(testing.FunctionTestCase):
    params = [{'dst': -1}, {'dst': '@numpy'}, {'dst': backend.CpuDevice()}]

    def generate_inputs(self):
        return self.uniform(-1, 1, (3, 2)),

    def forward(self, inputs, device):
        y = F.copy(inputs[0], self.dst)
        assert y.device == backend.CpuDevice()
        return y,

    def forward_expected(self, inputs):
        return inputs[0],


def test_copy_of_an_array():
    a = numpy.arange(3.0)
    y = F.copy(a, -1)
    numpy.testing.assert_array_equal(y.array, a)


@pytest.mark.parametrize('dst', ['@nowhere', None, 'cpu'])
def test_copy_bad_device(dst):
    with pytest.raises(ValueError, match='invalid device specifier'):
        F.copy(Variable(numpy.ones(2)), dst)
