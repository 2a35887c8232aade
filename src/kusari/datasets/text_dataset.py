"""TextDataset: the lines of text files, read on access."""
import threading

from kusari.dataset.dataset_mixin import DatasetMixin


def _per_file(value, n, name):
    if value is None or isinstance(value, str):
        return [value] * n
    value = list(value)
    if len(value) != n:
        raise ValueError('TextDataset: {} has {} entries but {} text files are read; the '
                         'length of each option must match the number of files'.format(
                             name, len(value), n))
    return value


class TextDataset(DatasetMixin):
    """The lines of a text file (or the tuples of lines of several files), read on access.

    The constructor reads the files once and keeps the position of every line, so that any
    line can be read later without reading the lines before it. Lines keep their line end
    (``'hello\\n'``), as :meth:`io.TextIOBase.readline` returns them.

    The dataset can be pickled (to hand it to worker processes): the copy reopens the files
    and reuses the positions, so the files must not change in between.

    Parameters
    ----------
    paths : str or list of str
        A text file (examples are strings) or several files with the same number of lines
        (examples are tuples of strings, one per file).
    encoding, errors, newline : str or list of str, optional
        As for :func:`open`, for all files or one per file.
    filter_func : callable, optional
        Called with the lines of a row (one argument per file); the row is kept when it
        returns true.

    Raises
    ------
    ValueError
        If no file is given, an option list has the wrong length, or the files have
        different numbers of lines.
    """

    def __init__(self, paths, encoding=None, errors=None, newline=None, filter_func=None):
        if isinstance(paths, str):
            paths = [paths]
        elif not paths:
            raise ValueError('TextDataset: at least one text file must be given')
        paths = list(paths)
        n = len(paths)
        self._paths = paths
        self._encoding = _per_file(encoding, n, 'encoding')
        self._errors = _per_file(errors, n, 'errors')
        self._newline = _per_file(newline, n, 'newline')
        self._fps = None
        self._open()

        # _starts[k][j]: the position of line j in file k; _lines: the rows kept
        starts = [[] for _ in paths]
        kept = []
        row = 0
        while True:
            positions = [fp.tell() for fp in self._fps]
            lines = [fp.readline() for fp in self._fps]
            ended = [not line for line in lines]
            if all(ended):
                break
            if any(ended):
                raise ValueError('TextDataset: the files {} do not have the same number of '
                                 'lines'.format(paths))
            for k, position in enumerate(positions):
                starts[k].append(position)
            if filter_func is None or filter_func(*lines):
                kept.append(row)
            row += 1
        self._starts = starts
        self._lines = kept
        self._lock = threading.Lock()

    def _open(self):
        self._fps = [open(path, 'rt', encoding=encoding, errors=errors, newline=newline)
                     for path, encoding, errors, newline in zip(
                         self._paths, self._encoding, self._errors, self._newline)]

    def __getstate__(self):
        state = self.__dict__.copy()
        del state['_fps'], state['_lock']
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._open()
        self._lock = threading.Lock()

    def __len__(self):
        return len(self._lines)

    def close(self):
        """Close the files (they are also closed when the dataset is garbage-collected).

        Every file is closed even if closing one fails; the last error is raised then.
        """
        error = None
        for fp in self._fps:
            try:
                fp.close()
            except Exception as e:
                error = e
        if error is not None:
            raise error

    def get_example(self, i):
        n = len(self._lines)
        if not -n <= i < n:
            raise IndexError('TextDataset index {} is out of range for {} lines'.format(i, n))
        row = self._lines[i]
        with self._lock:
            lines = []
            for fp, starts in zip(self._fps, self._starts):
                fp.seek(starts[row])
                lines.append(fp.readline())
        return lines[0] if len(lines) == 1 else tuple(lines)
