"""TransformDataset: apply a function to each example on access."""
from kusari.dataset.dataset_mixin import DatasetMixin


class TransformDataset(DatasetMixin):
    """A dataset whose example ``i`` is ``transform(dataset[i])``, computed on access.

    Parameters
    ----------
    dataset
        The base dataset.
    transform : callable
        Maps one example of the base dataset to one example of this one (data augmentation,
        preprocessing).
    """

    def __init__(self, dataset, transform):
        self._dataset = dataset
        self._transform = transform

    def __len__(self):
        return len(self._dataset)

    def get_example(self, i):
        return self._transform(self._dataset[i])
