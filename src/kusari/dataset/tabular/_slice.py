"""Row and column selection (``dataset.slice[...]``) and the index arithmetic of the views."""
import numbers

import numpy

from kusari.dataset.tabular.tabular_dataset import TabularDataset


class Slice(TabularDataset):
    """A view of some rows and columns of a tabular dataset (built by ``dataset.slice``)."""

    def __init__(self, dataset, indices, keys):
        if keys is None:
            self._single = None            # columns unchanged: the dataset's mode
        elif isinstance(keys, tuple):
            self._single = False           # a tuple of keys: a tuple (or dict) view
        else:
            self._single = True            # one key: a single-column view, mode None
            keys = (keys,)
        self._dataset = dataset
        self._indices = normalize_indices(indices, len(dataset))
        self._key_indices = normalize_keys(keys, dataset.keys)

    def __len__(self):
        return count(self._indices, len(self._dataset))

    @property
    def keys(self):
        keys = self._dataset.keys
        if self._key_indices is None:
            return keys
        return tuple(keys[k] for k in self._key_indices)

    @property
    def mode(self):
        if self._single is None:
            return self._dataset.mode
        if self._single:
            return None
        return self._dataset.mode or tuple

    def get_examples(self, indices, key_indices):
        indices = compose_indices(self._indices, indices, len(self._dataset))
        key_indices = compose_keys(self._key_indices, key_indices)
        return self._dataset.get_examples(indices, key_indices)

    def convert(self, data):
        return self._dataset.convert(data)


class SliceHelper:
    """``dataset.slice[rows]`` / ``dataset.slice[rows, keys]`` makes a :class:`Slice`."""

    def __init__(self, dataset):
        self._dataset = dataset

    def __getitem__(self, args):
        if isinstance(args, tuple):
            indices, keys = args
        else:
            indices, keys = args, None
        return Slice(self._dataset, indices, keys)


def normalize_indices(indices, length):
    """Check user row indices: a slice stays; booleans become positions; ints are wrapped.

    Parameters
    ----------
    indices : slice, list or 1-d array of int or bool
        The rows.
    length : int
        The number of rows of the dataset.

    Returns
    -------
    slice or list of int
        A slice, or positions in ``[0, length)``.

    Raises
    ------
    ValueError
        If a boolean mask does not have ``length`` entries.
    IndexError
        If a position is out of range.
    """
    if isinstance(indices, slice):
        return indices
    if len(indices) == 0:
        return []
    if all(isinstance(i, (bool, numpy.bool_)) for i in indices):
        if len(indices) != length:
            raise ValueError('a boolean mask of rows has {} entries but the dataset has {} '
                             'rows'.format(len(indices), length))
        return [i for i, keep in enumerate(indices) if keep]
    out = []
    for i in indices:
        i = int(i)
        if not -length <= i < length:
            raise IndexError('index {} is out of bounds for dataset with size {}'.format(
                i, length))
        out.append(i + length if i < 0 else i)
    return out


def normalize_keys(keys, key_names):
    """Column positions for a tuple of key names and/or positions (``None`` stays ``None``).

    Raises
    ------
    IndexError
        If a position is out of range.
    KeyError
        If a name is not one of ``key_names``.
    """
    if keys is None:
        return None
    out = []
    n = len(key_names)
    for key in keys:
        if isinstance(key, numbers.Integral):
            if not -n <= key < n:
                raise IndexError('index {} is out of bounds for keys with size {}'.format(
                    key, n))
            out.append(int(key) + n if key < 0 else int(key))
        else:
            try:
                out.append(key_names.index(key))
            except ValueError:
                raise KeyError('{!r} is not a key of the dataset (keys: {})'.format(
                    key, key_names)) from None
    return tuple(out)


def count(indices, length):
    """The number of rows ``indices`` (None, a slice or a list) selects out of ``length``."""
    if indices is None:
        return length
    if isinstance(indices, slice):
        return len(range(*indices.indices(length)))
    return len(indices)


def compose_indices(outer, inner, length):
    """The rows of the base dataset that ``inner`` selects from the view ``outer`` made.

    Parameters
    ----------
    outer : None, slice or list of int
        The view's rows of the base dataset (of ``length`` rows).
    inner : None, slice or list of int
        Rows of the view.
    length : int
        The number of rows of the base dataset.

    Returns
    -------
    None, slice or list of int
        ``None`` if both are ``None``; a slice if both are slices; else a list.
    """
    if inner is None:
        return outer
    if outer is None:
        return inner
    if isinstance(outer, slice):
        rows = range(*outer.indices(length))
        if isinstance(inner, slice):
            rows = rows[inner]
            if len(rows) == 0:
                return slice(0, 0, 1)
            # a range's stop may be -1 (or below) when it walks down to row 0
            return slice(rows.start, rows.stop if rows.stop >= 0 else None, rows.step)
        return [rows[i] for i in inner]
    if isinstance(inner, slice):
        return outer[inner]
    return [outer[i] for i in inner]


def compose_keys(outer, inner):
    """The base dataset's columns that ``inner`` picks among the view's ``outer`` ones."""
    if inner is None:
        return outer
    if outer is None:
        return inner
    return tuple(outer[k] for k in inner)
