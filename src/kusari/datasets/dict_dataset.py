"""DictDataset: several equally long datasets zipped into dicts."""


class DictDataset:
    """Zip equally long datasets by name: example ``i`` is ``{key: dataset[i], ...}``.

    Parameters
    ----------
    **datasets
        Datasets of the same length, by key.

    Raises
    ------
    ValueError
        If no dataset is given or their lengths differ.
    """

    def __init__(self, **datasets):
        if not datasets:
            raise ValueError('no datasets are given')
        length = None
        for key, dataset in datasets.items():
            if length is None:
                length = len(dataset)
            elif len(dataset) != length:
                raise ValueError('dataset length conflicts at "{}"'.format(key))
        self._datasets = datasets
        self._length = length

    def __getitem__(self, index):
        columns = {key: dataset[index] for key, dataset in self._datasets.items()}
        if isinstance(index, slice):
            n = len(next(iter(columns.values())))
            return [{key: col[i] for key, col in columns.items()} for i in range(n)]
        return columns

    def __len__(self):
        return self._length
