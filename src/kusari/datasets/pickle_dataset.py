"""PickleDataset: examples stored one after another as pickles in a file.

.. warning::
   The format is Python's :mod:`pickle`: reading a pickle can run any code the file asks
   for. Opening a :class:`PickleDataset` reads (unpickles) every record once to find where
   each one starts, and every access unpickles one. Open only files you trust as you would
   trust a Python script; for untrusted data use a format that only holds data (``.npz``
   through :func:`numpy.load` with ``allow_pickle=False``, text, images).
"""
import io
import os
import pickle
import threading
import weakref

from kusari.dataset.dataset_mixin import DatasetMixin


class PickleDatasetWriter:
    """Write examples to a file one pickle after another, to read with :class:`PickleDataset`.

    Parameters
    ----------
    writer : file-like
        A binary file opened for writing (with ``write`` and ``tell``).
    protocol : int
        The :mod:`pickle` protocol.

    Examples
    --------
    >>> import io
    >>> f = io.BytesIO()
    >>> w = PickleDatasetWriter(f)
    >>> w.write((1, 'a')); w.write((2, 'b'))
    >>> PickleDataset(f)[1]
    (2, 'b')
    """

    def __init__(self, writer, protocol=pickle.HIGHEST_PROTOCOL):
        self._writer = writer
        self._protocol = protocol
        self._positions = []

    def write(self, x):
        """Append one example (any picklable object)."""
        position = self._writer.tell()
        pickle.dump(x, self._writer, protocol=self._protocol)
        self._positions.append(position)

    def flush(self):
        """Flush the file, if it can be flushed."""
        if hasattr(self._writer, 'flush'):
            self._writer.flush()

    def close(self):
        """Close the file."""
        self._writer.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()


# The datasets alive in this process, told about a fork by one hook registered once.
_open_datasets = weakref.WeakSet()
_hook_registered = False


def _after_fork_in_child():
    for dataset in list(_open_datasets):
        dataset._after_fork()


def _track(dataset):
    global _hook_registered
    if not _hook_registered and hasattr(os, 'register_at_fork'):
        os.register_at_fork(after_in_child=_after_fork_in_child)
        _hook_registered = True
    _open_datasets.add(dataset)


class PickleDataset(DatasetMixin):
    """Examples stored as consecutive pickles in a seekable file, read one at a time.

    .. warning::
       Opening the dataset unpickles every record once (to find where each starts), and
       each access unpickles one: as with :func:`pickle.load`, **a file can run arbitrary
       code when it is read**. Use only files you trust.

    In a process forked after the dataset was made (a multiprocess iterator's workers), the
    reader's ``after_fork()`` method, if it has one, is called so that the child does not
    share a file position with its parent; :func:`open_pickle_dataset` uses a reader that
    reopens its file there.

    Parameters
    ----------
    reader : file-like
        A binary file that supports random access (``seek``, ``tell``).

    Raises
    ------
    ValueError
        If ``reader`` is not seekable.
    """

    def __init__(self, reader):
        if not reader.seekable():
            raise ValueError('PickleDataset: the reader must support random access '
                             '(seekable() returned False)')
        self._reader = reader
        positions = []
        reader.seek(0)
        while True:
            position = reader.tell()
            try:
                pickle.load(reader)
            except EOFError:
                break
            positions.append(position)
        self._positions = positions
        self._lock = threading.RLock()
        _track(self)


    def _after_fork(self):
        self._lock = threading.RLock()
        after_fork = getattr(self._reader, 'after_fork', None)
        if callable(after_fork):
            after_fork()

    def __getstate__(self):
        state = self.__dict__.copy()
        del state['_lock']
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._lock = threading.RLock()
        _track(self)

    def close(self):
        """Close the reader; the dataset cannot be read afterwards."""
        with self._lock:
            self._reader.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()

    def __len__(self):
        return len(self._positions)

    def get_example(self, index):
        with self._lock:
            self._reader.seek(self._positions[index])
            return pickle.load(self._reader)


class _FileReader(io.RawIOBase):
    """A read-only binary file that reopens itself after a fork and when unpickled.

    A forked child that kept its parent's file object would share the file position with
    the parent (one open file description): reads of the two would interfere.
    """

    def __init__(self, path):
        super().__init__()
        self._path = path
        self._fp = None
        self._open()

    def _open(self):
        self._fp = open(self._path, 'rb')

    def after_fork(self):
        """Reopen the file (called in a forked child)."""
        self.close()
        self._open()

    def __getstate__(self):
        state = self.__dict__.copy()
        del state['_fp']
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._open()

    def readable(self):
        return True

    def flush(self):
        self._fp.flush()

    def close(self):
        self._fp.close()

    def fileno(self):
        return self._fp.fileno()

    def seekable(self):
        return self._fp.seekable()

    def seek(self, offset, whence=io.SEEK_SET):
        return self._fp.seek(offset, whence)

    def tell(self):
        return self._fp.tell()

    def readinto(self, b):
        return self._fp.readinto(b)


def open_pickle_dataset(path):
    """Open a :class:`PickleDataset` stored in a file.

    .. warning::
       Opening it unpickles every record: **the file can run arbitrary code**, as with
       :func:`pickle.load`. Open only files you trust.

    The file stays open until :meth:`PickleDataset.close` (or the end of a ``with`` block).

    Parameters
    ----------
    path : str
        The file, written by :func:`open_pickle_dataset_writer`.

    Returns
    -------
    PickleDataset

    Examples
    --------
    >>> with open_pickle_dataset('data.pkl') as dataset:  # doctest: +SKIP
    ...     x = dataset[0]
    """
    return PickleDataset(_FileReader(path))


def open_pickle_dataset_writer(path, protocol=pickle.HIGHEST_PROTOCOL):
    """Open a file for writing a :class:`PickleDataset`.

    Parameters
    ----------
    path : str
        The file (created or truncated).
    protocol : int
        The :mod:`pickle` protocol.

    Returns
    -------
    PickleDatasetWriter
        Close it (or use it in a ``with`` block) to close the file.
    """
    return PickleDatasetWriter(open(path, 'wb'), protocol=protocol)
