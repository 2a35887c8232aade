"""expand_dims."""
import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestExpandDims(testing.FunctionTestCase):
    params = [{'shape': (2, 3), 'axis': a} for a in (0, 1, 2, -1, -3)] + [
        {'shape': (), 'axis': 0}]

    def generate_inputs(self):
        return self.uniform(-1, 1, self.shape),

    def forward(self, inputs, device):
        return F.expand_dims(inputs[0], self.axis),

    def forward_expected(self, inputs):
        return numpy.expand_dims(inputs[0], self.axis),


@pytest.mark.parametrize('axis', [3, -4])
def test_expand_dims_axis_out_of_range(axis):
    with pytest.raises(InvalidType, match=r'(?s)ExpandDims \(Forward\).*-x\.ndim - 1 <= axis <= '
                                          r'x\.ndim.*axis={}, x\.ndim=2'.format(axis)):
        F.expand_dims(numpy.ones((2, 3)), axis)
