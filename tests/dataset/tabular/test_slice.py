import itertools

import numpy
import pytest

from kusari.dataset.tabular import _slice

ROWS = [slice(None), slice(2, 9, 3), slice(8, None, -2), slice(None, None, -1), slice(5, 5),
        [3, -2, 0], [True, False] * 5, [], numpy.array([4, 1]), [False, 3, 9, 5, True]]
INNER = [None, slice(None), slice(1, None, 2), slice(None, None, -1), slice(0, 0), [0],
         [1, 0, 1], []]


def _as_positions(rows, n):
    return list(range(n))[rows] if isinstance(rows, slice) else [
        i for i, keep in enumerate(rows) if keep] if len(rows) and all(
        isinstance(r, bool) for r in rows) else [int(r) % n for r in rows]


@pytest.mark.parametrize('rows, inner', list(itertools.product(ROWS, INNER)))
def test_slice_of_rows_then_rows_of_the_view(rows, inner, table):
    t = table(arrays=True)
    view = t.slice[rows]
    picked = _as_positions(rows, 10)
    assert len(view) == len(picked) and view.keys == t.keys and view.mode is tuple
    if inner is not None and isinstance(inner, list) and any(i >= len(view) for i in inner):
        return
    out = view.get_examples(inner, None)
    rows_asked = t.calls[-1][0]
    # the base dataset sees None, a slice when both are slices, else a list
    if isinstance(rows, slice) and (inner is None or isinstance(inner, slice)):
        assert isinstance(rows_asked, slice)
    else:
        assert isinstance(rows_asked, list)
    expected = picked if inner is None else [picked[i] for i in _as_positions(inner, len(view))]
    for col, ref in zip(out, t.data):
        numpy.testing.assert_array_equal(col, ref[expected])


@pytest.mark.parametrize('keys, names, mode', [
    (None, ('a', 'b', 'c'), tuple), ('b', ('b',), None), (1, ('b',), None),
    (('c', 0), ('c', 'a'), tuple), ((-1,), ('c',), tuple), ((), (), tuple),
])
def test_slice_of_columns(keys, names, mode, table):
    t = table()
    view = t.slice[:] if keys is None else t.slice[:, keys]
    assert view.keys == names and view.mode is mode and len(view) == 10
    fetched = view.fetch()
    columns = (fetched,) if mode is None else fetched
    assert len(columns) == len(names)
    for name, col in zip(names, columns):
        assert col == list(t.data['abc'.index(name)])
    # columns of the view, last first: the base dataset is asked for its own positions
    wanted = tuple(range(len(names)))[::-1]
    out = view.get_examples([2], wanted)
    assert [c[0] for c in out] == [t.data['abc'.index(names[k]), 2] for k in wanted]
    assert t.calls[-1] == ([2], tuple('abc'.index(names[k]) for k in wanted))


def test_tuple_of_keys_keeps_a_dict_mode(table):
    assert table(mode=dict).slice[:, ('c',)].mode is dict
    assert table(mode=None).slice[:, ('a',)].mode is tuple


def test_slice_of_a_slice_reads_once(table):
    t = table(n_rows=20, arrays=True)
    view = t.slice[3:18:2].slice[::-1, ('b', 'a')].slice[[0, 2], 'a']
    assert view.keys == ('a',) and view.mode is None and len(view) == 2
    numpy.testing.assert_array_equal(view.fetch(), t.data[0, [17, 13]])
    assert t.calls == [([17, 13], (0,))]


def test_slice_errors(table):
    t = table()
    with pytest.raises(IndexError, match='index 10 is out of bounds for dataset with size 10'):
        t.slice[[10]]
    with pytest.raises(IndexError, match='index -11'):
        t.slice[[-11]]
    with pytest.raises(ValueError, match='boolean mask of rows has 11 entries but the '
                                         'dataset has 10'):
        t.slice[[True] * 11]
    with pytest.raises(IndexError, match='index 3 is out of bounds for keys with size 3'):
        t.slice[:, 3]
    with pytest.raises(KeyError, match="'d' is not a key"):
        t.slice[:, ('a', 'd')]


@pytest.mark.parametrize('outer', [slice(None), slice(1, 9), slice(8, 0, -3), slice(None, None, -1),
                                   slice(9, None, -2), slice(3, 3)])
@pytest.mark.parametrize('inner', [slice(None), slice(1, None), slice(None, None, -1),
                                   slice(2, 0, -1), slice(5, 100), slice(-2, None)])
def test_compose_slices_matches_python(outer, inner):
    rows = list(range(10))
    composed = _slice.compose_indices(outer, inner, 10)
    assert isinstance(composed, slice)
    assert rows[composed] == rows[outer][inner]


def test_compose_keys():
    assert _slice.compose_keys(None, None) is None
    assert _slice.compose_keys((2, 0), None) == (2, 0)
    assert _slice.compose_keys(None, (1,)) == (1,)
    assert _slice.compose_keys((2, 0, 1), (1, 1, 2)) == (0, 0, 1)
