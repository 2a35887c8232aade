"""Views that compute their examples from another dataset's (``transform``,
``transform_batch``)."""
from kusari.dataset.tabular.tabular_dataset import TabularDataset

_UNKNOWN = object()


def _mode_of(value):
    if isinstance(value, tuple):
        return tuple
    if isinstance(value, dict):
        return dict
    return None


class _TransformBase(TabularDataset):

    _what = 'transform'

    def __init__(self, dataset, keys, func):
        if not isinstance(keys, tuple):
            keys = (keys,)
        self._dataset = dataset
        self._keys = keys
        self._func = func
        self._mode = _UNKNOWN

    def __len__(self):
        return len(self._dataset)

    @property
    def keys(self):
        return self._keys

    @property
    def mode(self):
        """The type the transform returns; known once it ran (it is run on row 0 if needed)."""
        if self._mode is _UNKNOWN:
            self.get_examples([0], None)
        return self._mode

    def convert(self, data):
        return self._dataset.convert(data)

    def _call(self, values):
        """Call the function with ``values`` (one per column of the input) unpacked."""
        if self._dataset.mode is dict:
            return self._func(**dict(zip(self._dataset.keys, values)))
        return self._func(*values)

    def _set_mode(self, out):
        mode = _mode_of(out)
        if self._mode is not _UNKNOWN and mode is not self._mode:
            raise ValueError('{} must not change its return type: it returned {} before and '
                             'now {}'.format(self._what, _mode_name(self._mode),
                                             _mode_name(mode)))
        self._mode = mode
        return mode

    def _pick(self, out, mode, key_index):
        if mode is tuple:
            return out[key_index]
        if mode is dict:
            return out[self._keys[key_index]]
        if key_index != 0:
            raise IndexError('{} returned a single value but the view has the keys {}'.format(
                self._what, self._keys))
        return out


def _mode_name(mode):
    return 'a single value' if mode is None else 'a ' + mode.__name__


class Transform(_TransformBase):
    """Each example of ``dataset`` passed through ``transform`` (columns are lists)."""

    def get_examples(self, indices, key_indices):
        if key_indices is None:
            key_indices = range(len(self._keys))
        columns = tuple([] for _ in key_indices)
        for values in zip(*self._dataset.get_examples(indices, None)):
            out = self._call(values)
            mode = self._set_mode(out)
            for column, k in zip(columns, key_indices):
                column.append(self._pick(out, mode, k))
        return columns


class TransformBatch(_TransformBase):
    """The requested rows of ``dataset`` passed through ``transform_batch`` column-wise."""

    _what = 'transform_batch'

    def get_examples(self, indices, key_indices):
        if key_indices is None:
            key_indices = range(len(self._keys))
        n_rows = len(self) if indices is None else (
            len(range(*indices.indices(len(self)))) if isinstance(indices, slice)
            else len(indices))
        out = self._call(self._dataset.get_examples(indices, None))
        mode = self._set_mode(out)
        produced = out.values() if mode is dict else (out if mode is tuple else (out,))
        if any(len(column) != n_rows for column in produced):
            raise ValueError('transform_batch must not change the length of data: it was '
                             'given {} rows and returned columns of lengths {}'.format(
                                 n_rows, [len(column) for column in produced]))
        return tuple(self._pick(out, mode, k) for k in key_indices)
