"""Datasets stacked along columns (``join``)."""
from kusari.dataset.tabular.tabular_dataset import TabularDataset


class Join(TabularDataset):
    """The columns of several tabular datasets of the same length, side by side.

    A request for some columns asks each underlying dataset only for its own columns (each
    once, in the order first asked for); datasets none of whose columns are asked for are
    not read at all.
    """

    def __init__(self, *datasets):
        length = len(datasets[0])
        seen = set()
        for dataset in datasets:
            if len(dataset) != length:
                raise ValueError('join: all datasets must have the same length; got {} and {}'
                                 .format(length, len(dataset)))
            twice = seen.intersection(dataset.keys)
            if twice:
                raise ValueError('join: the keys must be unique among all datasets; {} '
                                 'appear twice'.format(sorted(twice)))
            seen.update(dataset.keys)
        self._datasets = datasets

    def __len__(self):
        return len(self._datasets[0])

    @property
    def keys(self):
        return tuple(key for dataset in self._datasets for key in dataset.keys)

    @property
    def mode(self):
        for dataset in self._datasets:
            if dataset.mode:
                return dataset.mode
        return tuple

    def convert(self, data):
        return self._datasets[0].convert(data)

    def get_examples(self, indices, key_indices):
        if key_indices is None:
            return tuple(col for dataset in self._datasets
                         for col in dataset.get_examples(indices, None))
        columns = {}
        offset = 0
        for dataset in self._datasets:
            n = len(dataset.keys)
            own = []
            for k in key_indices:
                if offset <= k < offset + n and k - offset not in own:
                    own.append(k - offset)
            if own:
                own = tuple(own)
                for k, col in zip(own, dataset.get_examples(indices, own)):
                    columns[offset + k] = col
            offset += n
        return tuple(columns[k] for k in key_indices)
