import numpy
import pytest

from kusari.dataset import TabularDataset


@pytest.mark.parametrize('mode', [tuple, dict, None])
@pytest.mark.parametrize('arrays', [True, False])
def test_fetch_and_convert(mode, arrays, table):
    t = table(mode=mode, arrays=arrays)
    fetched = t.fetch()
    assert t.calls == [(None, None)]
    converted = t.convert(fetched)
    if mode is tuple:
        assert isinstance(fetched, tuple) and len(fetched) == 3
        cols = converted
    elif mode is dict:
        assert list(fetched) == ['a', 'b', 'c']
        cols = tuple(converted[k] for k in 'abc')
    else:
        cols = (converted,)
    for col, ref in zip(cols, t.data):
        assert type(col) is numpy.ndarray
        numpy.testing.assert_array_equal(col, ref)


@pytest.mark.parametrize('mode', [tuple, dict, None])
def test_examples_by_int_slice_list_and_iteration(mode, table):
    t = table(mode=mode)

    def expected(i):
        row = tuple(t.data[:, i])
        return row if mode is tuple else dict(zip('abc', row)) if mode is dict else row[0]

    assert t[3] == expected(3) and t.get_example(-1) == expected(9)
    assert t.calls[0] == ([3], None) and t.calls[1] == ([9], None)
    t.calls.clear()
    assert t[2:8:3] == [expected(2), expected(5)]
    assert t[[7, -10, 7]] == [expected(7), expected(0), expected(7)]
    assert t[numpy.array([1, 4])] == [expected(1), expected(4)]
    # a slice or a list is read with one call
    assert t.calls == [([2, 5], None), ([7, 0, 7], None), ([1, 4], None)]
    assert t[5:5] == []
    assert list(t) == [expected(i) for i in range(10)]


def test_index_out_of_range(table):
    t = table()
    with pytest.raises(IndexError, match='index 10 is out of bounds for a dataset of size 10'):
        t[10]
    with pytest.raises(IndexError, match='index -11'):
        t[[0, -11]]


def test_convert_keeps_arrays_and_stacks_lists(table):
    t = table()
    x = numpy.arange(3)
    assert t.convert(x) is x
    out = t.convert({'p': [1, 2], 'q': x})
    assert out['q'] is x and out['p'].dtype == numpy.int64
    numpy.testing.assert_array_equal(t.convert(([1.5, 2.5],))[0], [1.5, 2.5])


def test_abstract_methods_raise():
    t = TabularDataset()
    for f in (lambda: len(t), lambda: t.keys, lambda: t.mode,
              lambda: t.get_examples(None, None)):
        with pytest.raises(NotImplementedError):
            f()


def test_astuple_asdict_keep_data_and_converter(table):
    t = table(mode=None).with_converter(lambda a: 'converted')
    for view, mode in ((t.astuple(), tuple), (t.asdict(), dict)):
        assert view.mode is mode and view.keys == ('a',) and len(view) == 10
        assert view.convert(view.fetch()) == 'converted'
    assert t.asdict()[4] == {'a': t.slice[4:5].fetch()[0]}


@pytest.mark.parametrize('mode', [tuple, dict, None])
def test_with_converter_unpacks(mode, table):
    t = table(mode=mode)
    seen = []

    def converter(*args, **kwargs):
        seen.append((args, kwargs))
        return 'done'

    view = t.with_converter(converter)
    assert view.mode is mode and view.keys == t.keys and len(view) == 10
    assert view.convert(view.fetch()) == 'done'
    args, kwargs = seen[0]
    if mode is dict:
        assert args == () and sorted(kwargs) == ['a', 'b', 'c']
    else:
        assert kwargs == {} and len(args) == (3 if mode is tuple else 1)
