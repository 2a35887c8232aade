"""A tabular view with another converter (``with_converter``)."""
from kusari.dataset.tabular.tabular_dataset import TabularDataset


class WithConverter(TabularDataset):
    """The data of ``dataset``; :meth:`convert` calls ``converter`` with the data unpacked."""

    def __init__(self, dataset, converter):
        self._dataset = dataset
        self._converter = converter

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
        if isinstance(data, tuple):
            return self._converter(*data)
        if isinstance(data, dict):
            return self._converter(**data)
        return self._converter(data)
