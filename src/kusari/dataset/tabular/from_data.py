"""from_data: a TabularDataset from lists, arrays and functions of the row index."""
import numpy

from kusari import backend
from kusari.dataset.tabular.tabular_dataset import TabularDataset


def from_data(data, *, size=None):
    """Make a tabular dataset from lists, arrays and callables.

    Parameters
    ----------
    data : list, array, tuple or dict
        One of:

        - a list or array: a single column (an unnamed key, mode ``None``);
        - ``(key, column)`` with ``key`` a str and ``column`` a list, an array or a callable
          ``f(i)`` giving row ``i``: a single named column;
        - ``((key, ...), f)``: several columns computed by ``f(i)``, which returns a tuple or
          a dict; the mode is that type;
        - a tuple of the above: the columns side by side, mode ``tuple``;
        - a dict ``{key: column, (key, ...): f, ...}``: the columns side by side, mode
          ``dict``.
    size : int, optional
        The number of rows; needed when no list or array gives it (callables only).

    Returns
    -------
    TabularDataset

    Raises
    ------
    ValueError
        For a callable without a key, or without any length to go by.
    TypeError
        For a column that is not a list, an array or a callable.

    Examples
    --------
    >>> import numpy as np
    >>> from kusari.dataset import tabular
    >>> ds = tabular.from_data((('x', np.arange(3)), ('sq', lambda i: i * i)))
    >>> ds.keys, ds[2]
    (('x', 'sq'), (np.int64(2), 4))
    >>> tabular.from_data({'a': [1, 2], 'b': [3, 4]})[1]
    {'a': 2, 'b': 4}
    """
    if isinstance(data, tuple):
        if len(data) == 2 and _is_key(data[0]):
            return _column(data[0], data[1], size)
        entries = [d if isinstance(d, tuple) else (None, d) for d in data]
        size = _infer_size(size, (d for _, d in entries))
        columns = [_column(key, d, size) for key, d in entries]
        return columns[0].join(*columns[1:]).astuple()
    if isinstance(data, dict):
        size = _infer_size(size, data.values())
        columns = [_column(key, d, size) for key, d in data.items()]
        return columns[0].join(*columns[1:]).asdict()
    return _column(None, data, size)


def _is_key(key):
    return isinstance(key, str) or (
        isinstance(key, tuple) and all(isinstance(k, str) for k in key))


def _infer_size(size, columns):
    if size is not None:
        return size
    for d in columns:
        if not callable(d):
            try:
                return len(d)
            except TypeError:
                pass
    return None


def _column(key, data, size):
    if isinstance(data, numpy.ndarray) or backend._is_cupy_array(data):
        return _Array(_default_key(key, data), data)
    if isinstance(data, list):
        return _List(_default_key(key, data), data)
    if callable(data):
        if key is None:
            raise ValueError('from_data: the key(s) must be given for a callable column')
        if size is None:
            raise ValueError('from_data: size must be given when all columns are callables')
        return _Index(size).transform(key, data)
    raise TypeError('from_data: a column must be a list, an array or a callable, not {}'
                    .format(type(data).__name__))


def _default_key(key, data):
    # an unnamed column gets a key unique to its data object
    return '_{}'.format(id(data)) if key is None else key


class _Column(TabularDataset):
    """A single column ``key`` (mode None) held in ``data``; the subclasses read its rows."""

    def __init__(self, key, data):
        self._key = key
        self._data = data

    def __len__(self):
        return len(self._data)

    @property
    def keys(self):
        return (self._key,)

    @property
    def mode(self):
        return None


class _Array(_Column):
    """One column held in an array (rows are read by array indexing)."""

    def get_examples(self, indices, key_indices):
        data = self._data if indices is None else self._data[indices]
        return (data,) * (1 if key_indices is None else len(key_indices))


class _List(_Column):
    """One column held in a list."""

    def get_examples(self, indices, key_indices):
        if indices is None:
            data = self._data
        elif isinstance(indices, slice):
            data = self._data[indices]
        else:
            data = [self._data[i] for i in indices]
        return (data,) * (1 if key_indices is None else len(key_indices))


class _Index(TabularDataset):
    """The row numbers ``0 .. size - 1`` as a column named ``'index'``."""

    def __init__(self, size):
        self._size = size

    def __len__(self):
        return self._size

    @property
    def keys(self):
        return ('index',)

    @property
    def mode(self):
        return None

    def get_examples(self, indices, key_indices):
        if indices is None:
            indices = slice(None)
        if isinstance(indices, slice):
            indices = list(range(*indices.indices(self._size)))
        return (indices,) * (1 if key_indices is None else len(key_indices))
