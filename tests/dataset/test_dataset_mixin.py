import numpy
import pytest

from kusari.dataset import DatasetMixin


class Squares(DatasetMixin):
    def __len__(self):
        return 5

    def get_example(self, i):
        return i * i


def test_indexing():
    d = Squares()
    assert d[3] == 9
    assert d[1:4] == [1, 4, 9]
    assert d[::-2] == [16, 4, 0]
    assert d[[0, 2]] == [0, 4]
    assert d[numpy.array([4, 1])] == [16, 1]


def test_abstract_methods():
    with pytest.raises(NotImplementedError):
        len(DatasetMixin())
    with pytest.raises(NotImplementedError):
        DatasetMixin()[0]
