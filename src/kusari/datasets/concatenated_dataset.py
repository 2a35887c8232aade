"""ConcatenatedDataset: datasets one after another."""
from kusari.dataset.dataset_mixin import DatasetMixin


class ConcatenatedDataset(DatasetMixin):
    """The examples of ``datasets[0]``, then those of ``datasets[1]``, and so on.

    Parameters
    ----------
    *datasets
        The datasets to chain.
    """

    def __init__(self, *datasets):
        self._datasets = datasets

    def __len__(self):
        return sum(len(d) for d in self._datasets)

    def get_example(self, i):
        if i < 0:
            i += len(self)
            if i < 0:
                raise IndexError('dataset index out of range')
        for dataset in self._datasets:
            n = len(dataset)
            if i < n:
                return dataset[i]
            i -= n
        raise IndexError('dataset index out of range')
