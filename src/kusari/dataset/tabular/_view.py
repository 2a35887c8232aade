"""The base of the tabular views that change one thing of the dataset they wrap."""
from kusari.dataset.tabular.tabular_dataset import TabularDataset


class View(TabularDataset):
    """Length, keys, mode, rows and converter of ``dataset``; a subclass overrides what
    its view changes."""

    def __init__(self, dataset):
        self._dataset = dataset

    def __len__(self):
        return len(self._dataset)

    @property
    def keys(self):
        return self._dataset.keys

    @property
    def mode(self):
        return self._dataset.mode

    def get_examples(self, indices, key_indices):
        return self._dataset.get_examples(indices, key_indices)

    def convert(self, data):
        return self._dataset.convert(data)
