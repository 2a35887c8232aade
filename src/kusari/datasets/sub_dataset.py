"""SubDataset and the splitting helpers (train/validation splits, cross validation)."""
import numpy

from kusari.dataset.dataset_mixin import DatasetMixin


class SubDataset(DatasetMixin):
    """A view of the examples ``start <= i < finish`` of a dataset, optionally reordered.

    Parameters
    ----------
    dataset
        The base dataset.
    start, finish : int
        The range of positions (in ``order`` if given).
    order : sequence of ints, optional
        A permutation of the base dataset's indices; position ``j`` means
        ``dataset[order[j]]``.

    Raises
    ------
    ValueError
        If the range overruns the dataset or ``order`` has the wrong length.
    """

    def __init__(self, dataset, start, finish, order=None):
        if start < 0 or finish > len(dataset):
            raise ValueError('subset overruns the base dataset.')
        if order is not None and len(order) != len(dataset):
            raise ValueError(
                'order option must have the same length as the base dataset: '
                'len(order) = {} while len(dataset) = {}'.format(len(order), len(dataset)))
        self._dataset = dataset
        self._start = start
        self._finish = finish
        self._size = finish - start
        self._order = order

    def __len__(self):
        return self._size

    def get_example(self, i):
        if i >= 0:
            if i >= self._size:
                raise IndexError('dataset index out of range')
            index = self._start + i
        else:
            if i < -self._size:
                raise IndexError('dataset index out of range')
            index = self._finish + i
        if self._order is not None:
            index = self._order[index]
        return self._dataset[index]


def split_dataset(dataset, split_at, order=None):
    """Split a dataset in two at ``split_at``.

    Parameters
    ----------
    dataset
        The dataset.
    split_at : int
        The size of the first part.
    order : sequence of ints, optional
        A permutation of the indices to split (in place of ``0, 1, ...``).

    Returns
    -------
    tuple of SubDataset
        ``(first, rest)``, of sizes ``split_at`` and ``len(dataset) - split_at``.

    Raises
    ------
    TypeError
        If ``split_at`` is not an integer.
    ValueError
        If ``split_at`` is negative or larger than the dataset.
    """
    n = len(dataset)
    if not isinstance(split_at, (int, numpy.integer)) or isinstance(split_at, bool):
        raise TypeError('split_at must be int, got {} instead'.format(type(split_at)))
    if split_at < 0:
        raise ValueError('split_at must be non-negative')
    if split_at > n:
        raise ValueError('split_at exceeds the dataset size')
    return SubDataset(dataset, 0, split_at, order), SubDataset(dataset, split_at, n, order)


def split_dataset_random(dataset, first_size, seed=None):
    """Split a dataset in two at random.

    Parameters
    ----------
    dataset
        The dataset.
    first_size : int
        The size of the first part.
    seed : int, optional
        Seed of the permutation (``None``: unpredictable).

    Returns
    -------
    tuple of SubDataset
        ``(first, rest)``.
    """
    order = numpy.random.RandomState(seed).permutation(len(dataset))
    return split_dataset(dataset, first_size, order)


def split_dataset_n(dataset, n, order=None):
    """Split a dataset into ``n`` parts of ``len(dataset) // n`` examples (the rest dropped).

    Returns
    -------
    list of SubDataset
    """
    size = len(dataset) // n
    return [SubDataset(dataset, size * i, size * (i + 1), order) for i in range(n)]


def split_dataset_n_random(dataset, n, seed=None):
    """:func:`split_dataset_n` on a random permutation of the dataset."""
    order = numpy.random.RandomState(seed).permutation(len(dataset))
    return split_dataset_n(dataset, n, order)


def get_cross_validation_datasets(dataset, n_folds=None, order=None, **kwargs):
    """The ``n_folds`` (train, test) pairs of k-fold cross validation.

    The indices (``order``, or ``0, 1, ...``) are cut into ``n_folds`` blocks of nearly equal
    size; each pair tests on one block and trains on the others, and each block is a test
    set exactly once.

    Parameters
    ----------
    dataset
        The dataset.
    n_folds : int
        The number of folds.
    order : sequence of ints, optional
        A permutation of the indices.

    Returns
    -------
    list of tuple of SubDataset
        ``n_folds`` pairs ``(train, test)``.
    """
    if 'n_fold' in kwargs:
        n_folds = kwargs.pop('n_fold')
    if kwargs:
        raise TypeError('unexpected keyword arguments: {}'.format(sorted(kwargs)))
    n = len(dataset)
    order = numpy.arange(n) if order is None else numpy.asarray(order)
    bounds = [n * i // n_folds for i in range(n_folds + 1)]
    sizes = [bounds[i + 1] - bounds[i] for i in range(n_folds)]
    splits = []
    for test_size in reversed(sizes):
        # the test block is the tail of the current order; rotate it to the front afterwards
        splits.append(split_dataset(dataset, n - test_size, order))
        order = numpy.roll(order, test_size)
    return splits


def get_cross_validation_datasets_random(dataset, n_folds, seed=None, **kwargs):
    """:func:`get_cross_validation_datasets` on a random permutation of the dataset."""
    order = numpy.random.RandomState(seed).permutation(len(dataset))
    return get_cross_validation_datasets(dataset, n_folds, order, **kwargs)
