import numpy
import pytest

import kusari.functions as F
from kusari import testing
from kusari.utils.type_check import InvalidType


class TestTensorDot(testing.FunctionTestCase):
    params = [{'a': (2, 3, 4), 'b': (3, 4, 2), 'axes': 2},
              {'a': (2, 3), 'b': (3, 4), 'axes': 1},
              {'a': (2, 3), 'b': (4,), 'axes': 0},
              {'a': (3, 2, 4), 'b': (4, 5, 3), 'axes': ((0, 2), (2, 0))},
              {'a': (3, 2), 'b': (2, 3), 'axes': (-1, 0)}]
    check_order3 = True

    def generate_inputs(self):
        return self.uniform(-1, 1, self.a), self.uniform(-1, 1, self.b)

    def forward(self, inputs, device):
        return F.tensordot(*inputs, axes=self.axes),

    def forward_expected(self, inputs):
        return numpy.tensordot(*inputs, axes=self.axes),


def test_tensordot_errors():
    a = numpy.ones((2, 3), numpy.float32)
    with pytest.raises(ValueError, match='shape mismatch'):
        F.tensordot(a, numpy.ones((2, 3), numpy.float32), axes=1)
    with pytest.raises(ValueError, match='axes count mismatch'):
        F.tensordot(a, a, axes=((0, 1), (0,)))
    with pytest.raises(ValueError, match='axes must be a pair'):
        F.tensordot(a, a, axes=((0,), (0,), (1,)))
    with pytest.raises(TypeError, match='axes must be a pair of sequence of integers or an'):
        F.tensordot(a, a, axes=1.5)
    with pytest.raises(ValueError, match='dimension of input tensors'):
        F.tensordot(a, a, axes=3)
    with pytest.raises(InvalidType, match=r"TensorDot.*\n\nExpect: b.dtype.kind == 'f'"):
        F.tensordot(a, numpy.ones((3, 2), numpy.int32), axes=1)
