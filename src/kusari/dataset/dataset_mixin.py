"""DatasetMixin: indexing (ints, slices, lists, arrays) on top of ``get_example``."""
import numpy


class DatasetMixin:
    """Base of datasets that compute one example at a time.

    A subclass implements ``__len__`` and ``get_example(i)``; this mixin turns ``dataset[i]``
    into one example and ``dataset[slice]`` / ``dataset[list or array of indices]`` into a list
    of examples.
    """

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.get_example(i) for i in range(*index.indices(len(self)))]
        if isinstance(index, (list, numpy.ndarray)):
            return [self.get_example(i) for i in index]
        return self.get_example(index)

    def __len__(self):
        raise NotImplementedError

    def get_example(self, i):
        """Return the ``i``-th example (implemented by subclasses)."""
        raise NotImplementedError
