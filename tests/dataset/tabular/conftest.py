"""Fixtures of the tabular tests: a small dataset over a NumPy table that records calls."""
import numpy
import pytest

from kusari.dataset import TabularDataset


class Table(TabularDataset):
    """Rows of ``data[:, i]``; columns named ``keys``; each get_examples call is recorded.

    ``arrays`` chooses whether columns come back as arrays or as lists.
    """

    def __init__(self, n_rows=10, keys=('a', 'b', 'c'), mode=tuple, arrays=False, seed=0,
                 offset=0.0):
        if mode is None:
            keys = keys[:1]
        self._keys = tuple(keys)
        self._mode = mode
        self.arrays = arrays
        self.calls = []
        self.data = numpy.random.RandomState(seed).uniform(size=(len(keys), n_rows)) + offset

    def __len__(self):
        return self.data.shape[1]

    @property
    def keys(self):
        return self._keys

    @property
    def mode(self):
        return self._mode

    def get_examples(self, indices, key_indices):
        self.calls.append((indices, key_indices))
        data = self.data
        if indices is not None:
            data = data[:, indices]
        if key_indices is not None:
            data = data[list(key_indices)]
        return tuple(data) if self.arrays else tuple(list(row) for row in data)


@pytest.fixture
def table():
    """The :class:`Table` class (``table(n_rows=..., keys=..., mode=..., arrays=...)``)."""
    return Table
