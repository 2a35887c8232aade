"""The tuple and dict views of a tabular dataset (``astuple()`` / ``asdict()``)."""
from kusari.dataset.tabular.tabular_dataset import TabularDataset


class AsMode(TabularDataset):
    """The rows and columns of ``dataset``, with examples of type ``mode`` (tuple or dict)."""

    def __init__(self, dataset, mode):
        self._dataset = dataset
        self._mode = mode

    def __len__(self):
        return len(self._dataset)

    @property
    def keys(self):
        return self._dataset.keys

    @property
    def mode(self):
        return self._mode

    def get_examples(self, indices, key_indices):
        return self._dataset.get_examples(indices, key_indices)

    def convert(self, data):
        return self._dataset.convert(data)
