import numpy
import pytest

from kusari import datasets as D


def test_tuple_dataset():
    a, b = numpy.arange(5), numpy.arange(5) * 10
    d = D.TupleDataset(a, b)
    assert len(d) == 5
    assert d[2] == (2, 20)
    assert d[1:3] == [(1, 10), (2, 20)]
    x, y = d[numpy.array([0, 4])]  # fancy index: one array per column, as in Chainer
    numpy.testing.assert_array_equal(y, [0, 40])


def test_tuple_dataset_errors():
    with pytest.raises(ValueError, match='no datasets are given'):
        D.TupleDataset()
    with pytest.raises(ValueError, match='dataset of the index 1 has a wrong length'):
        D.TupleDataset([1, 2], [1])


def test_dict_dataset():
    d = D.DictDataset(x=numpy.arange(3), y=['a', 'b', 'c'])
    assert len(d) == 3
    assert d[1] == {'x': 1, 'y': 'b'}
    assert d[:2] == [{'x': 0, 'y': 'a'}, {'x': 1, 'y': 'b'}]
    with pytest.raises(ValueError, match='no datasets are given'):
        D.DictDataset()
    with pytest.raises(ValueError, match='dataset length conflicts at "y"'):
        D.DictDataset(x=[1, 2], y=[1])


def test_sub_dataset_and_order():
    base = list(range(10))
    s = D.SubDataset(base, 2, 5)
    assert len(s) == 3 and s[0] == 2 and s[-1] == 4 and s[:] == [2, 3, 4]
    with pytest.raises(IndexError):
        s[3]
    with pytest.raises(IndexError):
        s[-4]
    o = D.SubDataset(base, 0, 2, order=[9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
    assert o[:] == [9, 8]
    with pytest.raises(ValueError, match='subset overruns the base dataset'):
        D.SubDataset(base, 5, 11)
    with pytest.raises(ValueError, match='order option must have the same length'):
        D.SubDataset(base, 0, 2, order=[0, 1])


def test_split_dataset():
    a, b = D.split_dataset(list(range(5)), 2)
    assert a[:] == [0, 1] and b[:] == [2, 3, 4]
    a, b = D.split_dataset(list(range(5)), 0)
    assert len(a) == 0 and len(b) == 5
    with pytest.raises(TypeError, match='split_at must be int'):
        D.split_dataset([1, 2], 1.5)
    with pytest.raises(ValueError, match='split_at must be non-negative'):
        D.split_dataset([1, 2], -1)
    with pytest.raises(ValueError, match='split_at exceeds the dataset size'):
        D.split_dataset([1, 2], 3)


def test_split_dataset_random_is_a_seeded_partition():
    a, b = D.split_dataset_random(list(range(20)), 7, seed=3)
    assert len(a) == 7 and len(b) == 13
    assert sorted(a[:] + b[:]) == list(range(20))
    a2, _ = D.split_dataset_random(list(range(20)), 7, seed=3)
    assert a[:] == a2[:]
    assert a[:] != list(range(7))


def test_split_dataset_n():
    parts = D.split_dataset_n(list(range(7)), 3)
    assert [p[:] for p in parts] == [[0, 1], [2, 3], [4, 5]]
    parts = D.split_dataset_n_random(list(range(9)), 3, seed=0)
    assert sorted(sum((p[:] for p in parts), [])) == list(range(9))


@pytest.mark.parametrize('n, k', [(10, 3), (9, 3), (5, 5)])
def test_cross_validation(n, k):
    splits = D.get_cross_validation_datasets(list(range(n)), k)
    assert len(splits) == k
    tests = []
    for train, test in splits:
        assert sorted(train[:] + test[:]) == list(range(n))
        tests.append(sorted(test[:]))
    # each example is tested exactly once and the folds are contiguous blocks
    assert sorted(sum(tests, [])) == list(range(n))
    for t in tests:
        assert t == list(range(t[0], t[0] + len(t)))
    sizes = sorted(len(t) for t in tests)
    assert sizes[-1] - sizes[0] <= 1


def test_cross_validation_with_order_and_random():
    order = list(range(9))[::-1]
    splits = D.get_cross_validation_datasets(list(range(9)), 3, order=order)
    assert splits[0][1][:] == [2, 1, 0]
    splits = D.get_cross_validation_datasets_random(list(range(9)), 3, seed=1)
    assert sorted(sum((s[1][:] for s in splits), [])) == list(range(9))


def test_transform_dataset():
    d = D.TransformDataset([1, 2, 3], lambda x: x * 10)
    assert len(d) == 3 and d[1] == 20 and d[1:] == [20, 30]


def test_concatenated_dataset():
    d = D.ConcatenatedDataset([0, 1], [], [2, 3, 4])
    assert len(d) == 5
    assert d[:] == [0, 1, 2, 3, 4]
    assert d[-1] == 4
    with pytest.raises(IndexError):
        d[5]
    with pytest.raises(IndexError):
        d[-6]
