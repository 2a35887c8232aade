import itertools

import numpy
import pytest

from kusari.dataset.tabular import _concat

SIZES = (10, 5, 3)


def _three(table, arrays=False, mode=tuple):
    parts = [table(n_rows=n, seed=k, arrays=arrays, mode=mode, offset=10 * k)
             for k, n in enumerate(SIZES)]
    return parts, parts[0].concat(*parts[1:]), numpy.hstack([p.data for p in parts])


@pytest.mark.parametrize('rows', [
    None, slice(None), slice(13, 6, -2), slice(12, None, -2), slice(None, None, -1),
    slice(1, 17, 4), slice(11, 13), slice(10, 15), slice(4, 4), slice(17, 2, -5),
    [3, 1, 4, 12, 14, 13, 7, 5], [16, 0, 16], [11], [],
])
@pytest.mark.parametrize('key_indices', [None, (2, 0)])
def test_concat_matches_stacked_rows(rows, key_indices, table):
    parts, view, data = _three(table)
    assert len(view) == 18 and view.keys == ('a', 'b', 'c') and view.mode is tuple
    out = view.get_examples(rows, key_indices)
    ref = data if rows is None else data[:, rows]
    if key_indices is not None:
        ref = ref[list(key_indices)]
    assert len(out) == len(ref)
    for col, r in zip(out, ref):
        numpy.testing.assert_array_equal(numpy.asarray(col), r)
    # each part is asked only for its own rows, with the requested columns
    start = 0
    wanted = range(18) if rows is None else numpy.arange(18)[rows]
    for part, n in zip(parts, SIZES):
        own = [i - start for i in wanted if start <= i < start + n]
        if rows is None:
            assert part.calls == [(None, key_indices)]
        elif own:
            (asked, keys), = part.calls
            assert keys == key_indices
            assert list(range(n)[asked] if isinstance(asked, slice) else asked) == own
        else:
            assert part.calls == []
        start += n


def test_concat_negative_step_across_parts(table):
    # rows 12, 10, 8, ...: part 0 must start at its row 8 (9 would be a wrong stride)
    parts, view, data = _three(table)
    out = view.get_examples(slice(12, None, -2), None)
    numpy.testing.assert_array_equal(out[0], data[0, 12::-2])
    assert parts[0].calls == [(slice(8, None, -2), None)]
    assert parts[1].calls == [(slice(2, None, -2), None)]


def test_sub_slice_selects_the_rows_in_the_part():
    # every range over 18 rows, cut into parts of 10, 5 and 3 rows
    for start, stop, step in itertools.product(range(-1, 19), range(-1, 19),
                                               (1, 2, 3, 7, -1, -2, -4, -7)):
        if start < 0 and step > 0:
            continue  # slice.indices never gives these
        for offset, n in ((0, 10), (10, 5), (15, 3)):
            rows = [i - offset for i in range(start, stop, step) if offset <= i < offset + n]
            sub = _concat._sub_slice(start, stop, step, offset, n)
            if rows:
                assert list(range(n))[sub] == rows, (start, stop, step, offset, n, sub)
            else:
                assert sub is None


def test_concat_returns_a_part_as_it_is_when_only_it_is_read(table):
    parts, view, _ = _three(table, arrays=True)
    for rows in ([1, 2], slice(2, 6), slice(16, 14, -1)):
        out = view.get_examples(rows, None)
        assert all(isinstance(col, numpy.ndarray) for col in out)
    out = view.get_examples([1, 12], None)  # two parts: lists
    assert all(isinstance(col, list) for col in out)


def test_concat_converter_and_mode_of_the_first(table):
    a = table(mode=dict).with_converter(lambda **kw: 'first')
    b = table(mode=tuple, n_rows=2)
    view = a.concat(b)
    assert view.mode is dict and view.convert(view.fetch()) == 'first'
    assert view[11] == dict(zip('abc', b.data[:, 1]))


def test_concat_needs_the_same_keys(table):
    with pytest.raises(ValueError, match='same keys in the same order'):
        table().concat(table(keys=('a', 'b')))
    with pytest.raises(ValueError, match=r"\('a', 'b', 'c'\) and \('b', 'a', 'c'\)"):
        table().concat(table(keys=('b', 'a', 'c')))
