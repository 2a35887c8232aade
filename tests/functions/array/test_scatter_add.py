import numpy
import pytest

import kusari.functions as F
from kusari import testing


class TestScatterAdd(testing.FunctionTestCase):
    params = [{'slices': (slice(None), 1), 'b_shape': (3,)},
              {'slices': (numpy.array([0, 2, 0]),), 'b_shape': (3, 2)},   # repeated index
              {'slices': [0, 2], 'b_shape': (2, 2)},
              {'slices': (Ellipsis, None, 0), 'b_shape': (3, 1)}]

    def generate_inputs(self):
        return self.uniform(-1, 1, (3, 2)), self.uniform(-1, 1, self.b_shape)

    def forward(self, inputs, device):
        return F.scatter_add(inputs[0], self.slices, inputs[1]),

    def forward_expected(self, inputs):
        a, b = inputs
        y = a.copy()
        s = self.slices if not isinstance(self.slices, list) else (self.slices,)
        numpy.add.at(y, s, b)
        return y,


def test_input_not_modified():
    a = numpy.zeros((2, 2))
    F.scatter_add(a, 0, numpy.ones(2))
    assert (a == 0).all()


def test_errors():
    a = numpy.zeros((3, 2), numpy.float32)
    with pytest.raises(ValueError, match='no broadcasting'):
        F.scatter_add(a, 0, numpy.zeros((1, 2), numpy.float32))
    with pytest.raises(IndexError, match='ScatterAdd'):
        F.scatter_add(a, 5, numpy.zeros(2, numpy.float32))


def test_too_many_indices_is_invalid_type():
    from kusari.utils.type_check import InvalidType
    a = numpy.zeros((4, 3, 2))
    with pytest.raises(InvalidType, match=r'(?s)ScatterAdd.*a\.ndim >= 4.*a\.shape=\(4, 3, 2\)'):
        F.scatter_add(a, (0, 0, 0, 0), numpy.zeros(()))
    # None and Ellipsis consume no axis; a boolean mask consumes its ndim
    y = F.scatter_add(a, (None, Ellipsis, 0, 0, 0), numpy.ones((1,)))
    assert y.array[0, 0, 0] == 1
    with pytest.raises(InvalidType, match=r'a\.ndim >= 4'):
        F.scatter_add(a, (numpy.ones((4, 3), bool), 0, 0), numpy.zeros(12))


def test_empty_list_index():
    a = numpy.arange(24.).reshape(4, 2, 3)
    y = F.scatter_add(a, [], numpy.zeros((0, 2, 3)))
    numpy.testing.assert_array_equal(y.array, a)
