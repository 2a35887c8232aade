"""get_item: basic slicing, integer and boolean arrays, None and Ellipsis."""
import numpy
import pytest

import kusari.functions as F
from kusari import Variable, testing

_MASK = numpy.array([[True, False, True, False], [False, False, True, True],
                     [True, True, False, False]])

_CASES = {
    'int': 1,
    'negative-int': (-1, 2),
    'slice': (slice(None), slice(1, 3)),
    'step': (slice(None, None, -1), slice(0, None, 2)),
    'none-ellipsis': (None, Ellipsis, 1),
    'ellipsis-none': (Ellipsis, None),
    'int-array-repeated': numpy.array([0, 2, 0, 0]),
    'list-repeated': [1, 1, 2],
    'int-arrays-2d': (numpy.array([0, 0, 2]), numpy.array([1, 1, 3])),
    'mixed-slice-array': (slice(None), numpy.array([3, 0, 3])),
    'bool-mask': _MASK,
    'bool-rows': numpy.array([True, False, True]),
    'bool-cols-with-slice': (slice(0, 2), numpy.array([False, True, True, False])),
}


class TestGetItem(testing.FunctionTestCase):
    params = [{'case': k} for k in sorted(_CASES)]

    def generate_inputs(self):
        return self.uniform(-1, 1, (3, 4)),

    def forward(self, inputs, device):
        return F.get_item(inputs[0], _CASES[self.case]),

    def forward_expected(self, inputs):
        idx = _CASES[self.case]
        if isinstance(idx, list):
            idx = numpy.asarray(idx)
        return numpy.asarray(inputs[0][idx]),


class TestGetItem0d(testing.FunctionTestCase):
    params = [{'idx': ()}, {'idx': None}, {'idx': Ellipsis}]

    def generate_inputs(self):
        return self.uniform(-1, 1, ()),

    def forward(self, inputs, device):
        return inputs[0][self.idx],

    def forward_expected(self, inputs):
        return numpy.asarray(inputs[0][self.idx]),


def test_repeated_indices_accumulate_gradients():
    x = Variable(numpy.arange(4.0))
    y = x[numpy.array([1, 1, 1, 3])]
    F.sum(y * numpy.array([1.0, 2.0, 3.0, 4.0])).backward()
    numpy.testing.assert_array_equal(x.grad, [0.0, 6.0, 0.0, 4.0])


def test_boolean_mask_gradient():
    x = Variable(numpy.arange(12.0).reshape(3, 4))
    y = x[_MASK]
    assert y.shape == (int(_MASK.sum()),)
    F.sum(y * 2.0).backward()
    numpy.testing.assert_array_equal(x.grad, 2.0 * _MASK)


def test_variable_index():
    x = Variable(numpy.arange(4.0))
    idx = Variable(numpy.array([3, 0]))
    numpy.testing.assert_array_equal(x[idx].array, [3.0, 0.0])


def test_output_is_an_array_for_a_scalar_element():
    y = Variable(numpy.arange(4.0))[2]
    assert isinstance(y.array, numpy.ndarray) and y.shape == ()


@pytest.mark.parametrize('idx, match', [
    (5, r'GetItem: index 5 is out of bounds.*\(x\.shape=\(3, 4\)\)'),
    ((0, 0, 0), r'GetItem: too many indices.*\(x\.shape=\(3, 4\)\)'),
    (numpy.array([0, 7]), r'GetItem: index 7 is out of bounds.*x\.shape=\(3, 4\)'),
    (numpy.array([True, False]), r'GetItem: boolean index did not match.*x\.shape=\(3, 4\)'),
])
def test_bad_index_raises_index_error(idx, match):
    with pytest.raises(IndexError, match=match):
        F.get_item(Variable(numpy.ones((3, 4))), idx)


class TestGetItemChainerListRules(testing.FunctionTestCase):
    """Lists are read as Chainer reads them: a list of ints is one index, any other list a
    tuple of entries; an empty list is an empty integer index."""

    params = [{'idx': [], 'numpy_idx': (numpy.array([], numpy.intp),)},
              {'idx': ([],), 'numpy_idx': (numpy.array([], numpy.intp),)},
              {'idx': ([[]],), 'numpy_idx': (numpy.zeros((1, 0), numpy.intp),)},
              {'idx': [1, 0], 'numpy_idx': (numpy.array([1, 0]),)},
              {'idx': [[1, 0], [2, 3]], 'numpy_idx': (numpy.array([1, 0]), numpy.array([2, 3]))},
              {'idx': [1, slice(1, 3)], 'numpy_idx': (1, slice(1, 3))}]

    def generate_inputs(self):
        return self.uniform(-1, 1, (3, 4)),

    def forward(self, inputs, device):
        return F.get_item(inputs[0], self.idx),

    def forward_expected(self, inputs):
        return numpy.asarray(inputs[0][self.numpy_idx]),


def test_multiple_ellipsis_is_value_error_in_debug_mode():
    import kusari
    x = numpy.ones((2, 3, 4))
    with kusari.using_config('debug', True):
        with pytest.raises(ValueError, match='Only one Ellipsis is allowed'):
            F.get_item(x, (Ellipsis, Ellipsis))
    with pytest.raises(IndexError, match='single ellipsis'):
        F.get_item(x, (Ellipsis, Ellipsis))
