"""TupleDataset: several equally long datasets zipped into tuples."""


class TupleDataset:
    """Zip equally long datasets: example ``i`` is ``(d0[i], d1[i], ...)``.

    Parameters
    ----------
    *datasets
        Datasets (arrays, lists, other datasets) of the same length.

    Raises
    ------
    ValueError
        If no dataset is given or their lengths differ.
    """

    def __init__(self, *datasets):
        if not datasets:
            raise ValueError('no datasets are given')
        length = len(datasets[0])
        for i, dataset in enumerate(datasets):
            if len(dataset) != length:
                raise ValueError('dataset of the index {} has a wrong length'.format(i))
        self._datasets = datasets
        self._length = length

    def __getitem__(self, index):
        columns = [dataset[index] for dataset in self._datasets]
        if isinstance(index, slice):
            return [tuple(col[i] for col in columns) for i in range(len(columns[0]))]
        return tuple(columns)

    def __len__(self):
        return self._length
