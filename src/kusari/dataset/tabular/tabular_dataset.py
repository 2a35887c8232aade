"""TabularDataset: a dataset of rows that all have the same named columns."""
import operator

import numpy

from kusari import backend
from kusari.dataset.dataset_mixin import DatasetMixin


class TabularDataset(DatasetMixin):
    """Abstract base of tabular datasets: every example has the same columns, named by ``keys``.

    Row ``i`` can be read as a tuple ``(a[i], b[i], ...)``, a dict ``{'a': a[i], ...}`` or, for
    a single column, the bare value ``a[i]``; :attr:`mode` (``tuple``, ``dict`` or ``None``)
    says which. The data is read column-wise through :meth:`get_examples`, so views
    (:attr:`slice`, :meth:`concat`, :meth:`join`, :meth:`transform`, ...) ask the underlying
    dataset only for the rows and columns they need.

    A subclass implements ``__len__``, :attr:`keys`, :attr:`mode` and :meth:`get_examples`.

    Examples
    --------
    >>> import numpy as np
    >>> class Squares(TabularDataset):
    ...     def __len__(self):
    ...         return 4
    ...     keys = ('x', 'x2')
    ...     mode = tuple
    ...     def get_examples(self, indices, key_indices):
    ...         x = np.arange(4)[indices if indices is not None else slice(None)]
    ...         cols = (x, x * x)
    ...         return cols if key_indices is None else tuple(cols[k] for k in key_indices)
    >>> Squares()[3]
    (np.int64(3), np.int64(9))
    >>> Squares().slice[1:3, 'x2'].fetch()
    array([1, 4])
    """

    def __len__(self):
        raise NotImplementedError

    @property
    def keys(self):
        """tuple of str: the names of the columns."""
        raise NotImplementedError

    @property
    def mode(self):
        """``tuple``, ``dict`` or ``None``: the type of an example (``None``: a bare value)."""
        raise NotImplementedError

    def get_examples(self, indices, key_indices):
        """Read some rows of some columns.

        Parameters
        ----------
        indices : None, slice or list of int
            The rows (``None``: all of them). Integers are in ``[0, len(self))``.
        key_indices : None or tuple of int
            The columns, as positions in :attr:`keys` (``None``: all of them, in order).

        Returns
        -------
        tuple
            One list or array per requested column, each holding the requested rows.
        """
        raise NotImplementedError

    @property
    def slice(self):
        """A view of some rows and columns: ``dataset.slice[rows]`` or ``[rows, keys]``.

        ``rows`` is a slice, a list or 1-d array of integers (negative ones count from the
        end), or a list of ``len(dataset)`` booleans. ``keys`` is a key name or a column
        position (the view is then single-column, mode ``None``) or a tuple of them (mode
        ``tuple`` unless the dataset's is ``dict``). Out-of-range rows or columns raise
        IndexError, unknown key names KeyError, and a boolean mask of the wrong length
        ValueError.
        """
        from kusari.dataset.tabular import _slice
        return _slice.SliceHelper(self)

    def fetch(self):
        """All the data of this dataset or view, column by column.

        Returns
        -------
        tuple, dict or list/array
            With mode ``tuple``, a tuple of one list/array per column; with ``dict``, a dict
            of them by key; with ``None``, the single column.
        """
        return _as_mode(self.get_examples(None, None), self.mode, self.keys)

    def convert(self, data):
        """Turn fetched columns into arrays (override with :meth:`with_converter`).

        Parameters
        ----------
        data : tuple, dict or list/array
            What :meth:`fetch` returned.

        Returns
        -------
        tuple, dict or array
            Each column as an array (NumPy, or CuPy for columns of CuPy arrays); arrays are
            returned as they are.
        """
        if isinstance(data, tuple):
            return tuple(_as_array(d) for d in data)
        if isinstance(data, dict):
            return {k: _as_array(v) for k, v in data.items()}
        return _as_array(data)

    def astuple(self):
        """A view of this dataset whose examples are tuples.

        Returns
        -------
        TabularDataset
            The same rows and columns with mode ``tuple``.
        """
        from kusari.dataset.tabular import _asmode
        return _asmode.AsMode(self, tuple)

    def asdict(self):
        """A view of this dataset whose examples are dicts.

        Returns
        -------
        TabularDataset
            The same rows and columns with mode ``dict``.
        """
        from kusari.dataset.tabular import _asmode
        return _asmode.AsMode(self, dict)

    def concat(self, *datasets):
        """The rows of this dataset followed by those of ``datasets``.

        Parameters
        ----------
        *datasets : TabularDataset
            Datasets with the same :attr:`keys`, in the same order.

        Returns
        -------
        TabularDataset
            A view of length ``len(self) + sum(len(d) for d in datasets)``, with this
            dataset's mode and converter.

        Raises
        ------
        ValueError
            If the keys differ.
        """
        from kusari.dataset.tabular import _concat
        return _concat.Concat(self, *datasets)

    def join(self, *datasets):
        """The columns of this dataset followed by those of ``datasets``.

        Parameters
        ----------
        *datasets : TabularDataset
            Datasets of the same length whose keys are all distinct from each other's.

        Returns
        -------
        TabularDataset
            A view with the concatenated keys; its mode is the first non-``None`` mode of
            the datasets (``tuple`` if all are ``None``); this dataset's converter.

        Raises
        ------
        ValueError
            If the lengths differ or a key appears twice.
        """
        from kusari.dataset.tabular import _join
        return _join.Join(self, *datasets)

    def transform(self, keys, transform):
        """Apply ``transform`` to each example.

        Parameters
        ----------
        keys : str or tuple of str
            The keys of the transformed examples.
        transform : callable
            Called with an example unpacked (``transform(*row)`` for mode ``tuple`` or
            ``None``, ``transform(**row)`` for ``dict``); returns a tuple, a dict (with
            ``keys``) or a single value. That type, which must not change from one call to
            the next, sets the view's mode.

        Returns
        -------
        TabularDataset
            The transformed view (columns are lists).
        """
        from kusari.dataset.tabular import _transform
        return _transform.Transform(self, keys, transform)

    def transform_batch(self, keys, transform_batch):
        """Apply ``transform_batch`` to whole columns at once.

        Parameters
        ----------
        keys : str or tuple of str
            The keys of the transformed examples.
        transform_batch : callable
            Called with the requested rows column by column (``f(*columns)`` or
            ``f(**columns)``); returns a tuple, a dict or a single column, each holding as
            many rows as it was given.

        Returns
        -------
        TabularDataset
            The transformed view.
        """
        from kusari.dataset.tabular import _transform
        return _transform.TransformBatch(self, keys, transform_batch)

    def with_converter(self, converter):
        """A view whose :meth:`convert` is ``converter``.

        Parameters
        ----------
        converter : callable
            Called as ``converter(*data)`` for tuple data, ``converter(**data)`` for dict
            data, ``converter(data)`` otherwise.

        Returns
        -------
        TabularDataset
            The same data with the new converter.
        """
        from kusari.dataset.tabular import _with_converter
        return _with_converter.WithConverter(self, converter)

    def get_example(self, i):
        """The example at row ``i`` (a tuple, a dict or a bare value, as :attr:`mode` says).

        Negative ``i`` counts from the end; out of range raises IndexError.
        """
        return _row(self.get_examples([_check_index(i, len(self))], None), 0, self.mode,
                    self.keys)

    def __getitem__(self, index):
        """One example for an integer; a list of examples for a slice, list or 1-d array.

        A slice or list is read with a single :meth:`get_examples` call.
        """
        if isinstance(index, slice):
            rows = list(range(*index.indices(len(self))))
        elif isinstance(index, (list, numpy.ndarray)):
            n = len(self)
            rows = [_check_index(i, n) for i in index]
        else:
            return self.get_example(index)
        if not rows:
            return []
        columns = self.get_examples(rows, None)
        mode, keys = self.mode, self.keys
        return [_row(columns, j, mode, keys) for j in range(len(rows))]

    def __iter__(self):
        return (self.get_example(i) for i in range(len(self)))


def _check_index(i, n):
    i = operator.index(i)
    if not -n <= i < n:
        raise IndexError('index {} is out of bounds for a dataset of size {}'.format(i, n))
    return i + n if i < 0 else i


def _row(columns, j, mode, keys):
    if mode is tuple:
        return tuple(col[j] for col in columns)
    if mode is dict:
        return {key: col[j] for key, col in zip(keys, columns)}
    return columns[0][j]


def _as_mode(columns, mode, keys):
    if mode is tuple:
        return tuple(columns)
    if mode is dict:
        return dict(zip(keys, columns))
    return columns[0]


def _as_array(data):
    if isinstance(data, numpy.ndarray) or backend._is_cupy_array(data):
        return data
    if len(data) and backend._is_cupy_array(data[0]):
        device = backend.get_device_from_array(data[0])
        with device.create_context():
            return device.xp.stack(data)
    return numpy.asarray(data)
