import numpy
import pytest

from kusari.dataset import TabularDataset, tabular


def test_unnamed_array_and_list():
    a = tabular.from_data(numpy.arange(10) * 2)
    assert isinstance(a, TabularDataset) and len(a) == 10 and a.mode is None
    assert len(a.keys) == 1 and a[3] == 6
    out = a.slice[[1, 3]].fetch()
    assert isinstance(out, numpy.ndarray) and out.tolist() == [2, 6]
    b = tabular.from_data([5, 4, 3, 2])
    out = b.slice[1:3].fetch()
    assert isinstance(out, list) and out == [4, 3]
    assert b.slice[[3, 0]].fetch() == [2, 5]
    # unnamed columns get distinct keys, so that they can be joined
    assert tabular.from_data(numpy.arange(3)).keys != tabular.from_data(numpy.arange(3)).keys


def test_named_columns_and_callables():
    d = tabular.from_data(('sq', lambda i: i * i), size=5)
    assert d.keys == ('sq',) and d.mode is None and d.fetch() == [0, 1, 4, 9, 16]
    d = tabular.from_data((('p', 'q'), lambda i: (i, -i)), size=4)
    assert d.mode is tuple and d.slice[[1, 3]].fetch() == ([1, 3], [-1, -3])
    d = tabular.from_data((('p', 'q'), lambda i: {'q': -i, 'p': i}), size=4)
    assert d.mode is dict and d[2] == {'p': 2, 'q': -2}


def test_tuple_of_columns():
    d = tabular.from_data((numpy.arange(4), ('b', [7, 8, 9, 0]), ('c', lambda i: 10 * i),
                           (('d', 'e'), lambda i: (i, i + 1))))
    assert len(d) == 4 and d.mode is tuple and d.keys[1:] == ('b', 'c', 'd', 'e')
    a, b, c, dd, e = d.slice[[2, 0]].fetch()
    assert isinstance(a, numpy.ndarray) and a.tolist() == [2, 0]
    assert b == [9, 7] and c == [20, 0] and dd == [2, 0] and e == [3, 1]
    assert d[3] == (3, 0, 30, 3, 4)


def test_dict_of_columns():
    d = tabular.from_data({'a': numpy.arange(3), 'b': lambda i: -i,
                           ('c', 'd'): lambda i: {'c': i, 'd': 2 * i}})
    assert d.mode is dict and set(d.keys) == {'a', 'b', 'c', 'd'}
    assert d[2] == {'a': 2, 'b': -2, 'c': 2, 'd': 4}
    out = d.fetch()
    assert isinstance(out['a'], numpy.ndarray) and out['b'] == [0, -1, -2]


def test_size_from_the_argument_for_callables_only():
    d = tabular.from_data({'a': lambda i: i, 'b': lambda i: -i}, size=3)
    assert len(d) == 3 and d[1] == {'a': 1, 'b': -1}


def test_errors():
    with pytest.raises(ValueError, match='the key\\(s\\) must be given for a callable column'):
        tabular.from_data(lambda i: i, size=3)
    with pytest.raises(ValueError, match='size must be given when all columns are callables'):
        tabular.from_data(('a', lambda i: i))
    with pytest.raises(ValueError, match='size must be given'):
        tabular.from_data((('a', lambda i: i), ('b', lambda i: i)))
    with pytest.raises(ValueError, match='size must be given'):
        tabular.from_data({'a': lambda i: i})
    with pytest.raises(TypeError, match='a column must be a list, an array or a callable, '
                                        'not range'):
        tabular.from_data(range(3))
