"""DelegateDataset: a base class for tabular datasets built around another one."""
from kusari.dataset.tabular.tabular_dataset import TabularDataset


class DelegateDataset(TabularDataset):
    """A tabular dataset that reads everything from ``dataset``; subclass it to add methods.

    Length, keys, mode, :meth:`get_examples` and :meth:`convert` are those of the wrapped
    dataset, which stays reachable as the attribute ``dataset``.

    Parameters
    ----------
    dataset : TabularDataset
        The underlying dataset.

    Examples
    --------
    >>> import numpy as np
    >>> from kusari.dataset import tabular
    >>> class Pairs(tabular.DelegateDataset):
    ...     def __init__(self):
    ...         super().__init__(tabular.from_data((('x', np.arange(3)),
    ...                                             ('name', lambda i: 'item{}'.format(i)))))
    >>> Pairs()[2]
    (np.int64(2), 'item2')
    """

    def __init__(self, dataset):
        self.dataset = dataset

    def __len__(self):
        return len(self.dataset)

    @property
    def keys(self):
        return self.dataset.keys

    @property
    def mode(self):
        return self.dataset.mode

    def get_examples(self, indices, key_indices):
        return self.dataset.get_examples(indices, key_indices)

    def convert(self, data):
        return self.dataset.convert(data)
