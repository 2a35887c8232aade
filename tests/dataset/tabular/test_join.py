import numpy
import pytest


@pytest.mark.parametrize('mode_a, mode_b, mode', [
    (tuple, dict, tuple), (dict, tuple, dict), (None, dict, dict), (None, None, tuple),
    (None, tuple, tuple),
])
def test_join_keys_mode_and_rows(mode_a, mode_b, mode, table):
    a = table(mode=mode_a)
    b = table(keys=('d', 'e'), mode=mode_b, seed=1)
    view = a.join(b)
    assert view.keys == a.keys + b.keys and view.mode is mode and len(view) == 10
    out = view.get_examples([4, 1], None)
    ref = numpy.vstack([a.data, b.data])[:, [4, 1]]
    for col, r in zip(out, ref):
        numpy.testing.assert_array_equal(col, r)
    assert a.calls == [([4, 1], None)] and b.calls == [([4, 1], None)]


@pytest.mark.parametrize('key_indices, asked_a, asked_b', [
    ((0, 4, 1), (0, 1), (1,)),
    ((3, 3, 0), (0,), (0,)),      # each column asked once
    ((2, 0), (2, 0), None),       # b is not read
    ((4,), None, (1,)),           # a is not read
    ((), None, None),             # nothing is read
])
def test_join_asks_each_dataset_for_its_columns_only(key_indices, asked_a, asked_b, table):
    a = table()
    b = table(keys=('d', 'e'), seed=1, arrays=True)
    out = a.join(b).get_examples(slice(2, 4), key_indices)
    data = numpy.vstack([a.data, b.data])
    assert len(out) == len(key_indices)
    for col, k in zip(out, key_indices):
        numpy.testing.assert_array_equal(col, data[k, 2:4])
    assert a.calls == ([] if asked_a is None else [(slice(2, 4), asked_a)])
    assert b.calls == ([] if asked_b is None else [(slice(2, 4), asked_b)])


def test_join_converter_is_the_first(table):
    view = table().with_converter(lambda *c: 'first').join(table(keys=('d',), mode=None))
    assert view.convert(view.fetch()) == 'first'


def test_join_errors(table):
    with pytest.raises(ValueError, match='same length; got 10 and 5'):
        table().join(table(n_rows=5, keys=('d', 'e')))
    with pytest.raises(ValueError, match=r"unique among all datasets; \['a'\] appear twice"):
        table().join(table(keys=('a', 'd')))
