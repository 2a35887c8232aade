"""Datasets stacked along rows (``concat``)."""
import bisect

from kusari.dataset.tabular.tabular_dataset import TabularDataset


class Concat(TabularDataset):
    """The rows of several tabular datasets with the same keys, one dataset after another.

    Each underlying dataset is asked only for its own rows: a slice becomes a slice of each
    dataset it crosses, a list a list per dataset (in the order the rows were asked for).
    When the rows come from one dataset only, its columns are returned as they are (arrays
    stay arrays); otherwise the columns are lists.
    """

    def __init__(self, *datasets):
        keys = datasets[0].keys
        for dataset in datasets[1:]:
            if dataset.keys != keys:
                raise ValueError('concat: all datasets must have the same keys in the same '
                                 'order; got {} and {}'.format(keys, dataset.keys))
        self._datasets = datasets
        self._offsets = [0]
        for dataset in datasets:
            self._offsets.append(self._offsets[-1] + len(dataset))

    def __len__(self):
        return self._offsets[-1]

    @property
    def keys(self):
        return self._datasets[0].keys

    @property
    def mode(self):
        return self._datasets[0].mode

    def convert(self, data):
        return self._datasets[0].convert(data)

    def get_examples(self, indices, key_indices):
        n_cols = len(self.keys) if key_indices is None else len(key_indices)
        if indices is None:
            parts = [d.get_examples(None, key_indices) for d in self._datasets]
            return _join_rows(parts, n_cols)
        if isinstance(indices, slice):
            return self._get_slice(indices, key_indices, n_cols)
        return self._get_list(indices, key_indices, n_cols)

    def _get_slice(self, indices, key_indices, n_cols):
        start, stop, step = indices.indices(len(self))
        parts = []
        for dataset, offset in zip(self._datasets, self._offsets):
            sub = _sub_slice(start, stop, step, offset, len(dataset))
            if sub is not None:
                parts.append(dataset.get_examples(sub, key_indices))
        if len(parts) == 1:
            return parts[0]
        if step < 0:
            parts.reverse()
        return _join_rows(parts, n_cols)

    def _get_list(self, indices, key_indices, n_cols):
        # rows of each dataset in the order they are asked for, and where each result is
        per_dataset = {}
        where = []
        for i in indices:
            d = bisect.bisect_right(self._offsets, i) - 1
            rows = per_dataset.setdefault(d, [])
            where.append((d, len(rows)))
            rows.append(i - self._offsets[d])
        parts = {d: self._datasets[d].get_examples(rows, key_indices)
                 for d, rows in per_dataset.items()}
        if len(parts) == 1:
            return next(iter(parts.values()))
        return tuple([parts[d][c][j] for d, j in where] for c in range(n_cols))


def _sub_slice(start, stop, step, offset, n):
    """The rows of ``range(start, stop, step)`` inside ``[offset, offset + n)``, as a slice
    of that dataset; ``None`` if there are none. The slice keeps the step, starts at the first
    row of the range inside the dataset and stops where the range stops, clipped to it."""
    first, last = start - offset, stop - offset
    if step > 0:
        if first < 0:
            first %= step
        last = min(last, n)
    else:
        if first >= n:
            first = n - 1 - (n - 1 - first) % -step
        last = max(last, -1)
    if len(range(first, last, step)) == 0:
        return None
    return slice(first, None if last < 0 else last, step)


def _join_rows(parts, n_cols):
    return tuple([x for part in parts for x in part[c]] for c in range(n_cols))
