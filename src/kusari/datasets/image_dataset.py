"""Image datasets read from files or zip archives with Pillow (the optional ``pillow`` extra)."""
import bisect
import importlib.util
import io
import os
import threading
import zipfile

import numpy

from kusari.configuration import get_dtype
from kusari.dataset.dataset_mixin import DatasetMixin


def _pillow_image():
    try:
        from PIL import Image
    except ImportError:
        raise ImportError(
            "kusari: image datasets need Pillow. Install it with `pip install 'kusari[pillow]'`."
        ) from None
    return Image


def __getattr__(name):
    # ``available`` (as in Chainer): whether Pillow can be imported; found without importing
    if name == 'available':
        return importlib.util.find_spec('PIL') is not None
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))


def _read_pairs(path):
    """``(path, label)`` pairs from a text file of ``path label`` lines (blank lines skipped)."""
    pairs = []
    with open(path) as f:
        for i, line in enumerate(f):
            fields = line.strip().split()
            if not fields:
                continue
            if len(fields) != 2:
                raise ValueError('invalid format at line {} in file {}: expected "path label", '
                                 'got {!r}'.format(i, path, line.rstrip('\n')))
            pairs.append((fields[0], int(fields[1])))
    return pairs


def _read_image(path, dtype):
    """``path`` (a file name or a binary file object) as a (channels, height, width) array."""
    Image = _pillow_image()  # noqa: N806
    with Image.open(path) as f:
        image = numpy.asarray(f, dtype=dtype)
    if image.ndim == 2:
        image = image[:, :, None]
    return image.transpose(2, 0, 1)


class ImageDataset(DatasetMixin):
    """Images read from files on access, as ``(channels, height, width)`` arrays.

    Parameters
    ----------
    paths : str or list of str
        Image paths, or the path of a text file with one image path a line.
    root : str
        The folder the paths are relative to.
    dtype : dtype, optional
        The image dtype (``config.dtype`` by default).
    """

    def __init__(self, paths, root='.', dtype=None):
        _pillow_image()
        if isinstance(paths, str):
            with open(paths) as f:
                paths = [line.strip() for line in f if line.strip()]
        self._paths = paths
        self._root = root
        self._dtype = get_dtype(dtype)

    def __len__(self):
        return len(self._paths)

    def get_example(self, i):
        return _read_image(os.path.join(self._root, self._paths[i]), self._dtype)


class LabeledImageDataset(DatasetMixin):
    """Labelled images read from files on access: examples are ``(image, label)``.

    The image is a ``(channels, height, width)`` array (one channel for a grayscale image), the
    label a 0-d array of ``label_dtype``.

    Parameters
    ----------
    pairs : str or list of (str, int)
        ``(path, label)`` pairs, or the path of a text file with ``path label`` on each line.
    root : str
        The folder the paths are relative to.
    dtype : dtype, optional
        The image dtype (``config.dtype`` by default).
    label_dtype : dtype
        The label dtype.

    Raises
    ------
    ImportError
        If Pillow is not installed (naming the ``pillow`` extra).
    ValueError
        If a line of the pairs file is not ``path label``.
    """

    def __init__(self, pairs, root='.', dtype=None, label_dtype=numpy.int32):
        _pillow_image()
        if isinstance(pairs, str):
            pairs = _read_pairs(pairs)
        self._pairs = pairs
        self._root = root
        self._dtype = get_dtype(dtype)
        self._label_dtype = label_dtype

    def __len__(self):
        return len(self._pairs)

    def get_example(self, i):
        path, label = self._pairs[i]
        image = _read_image(os.path.join(self._root, path), self._dtype)
        return image, numpy.array(label, dtype=self._label_dtype)


class ZippedImageDataset(DatasetMixin):
    """The images stored in a zip archive, read on access as (channels, height, width) arrays.

    Every file of the archive (folders aside) is an example, in the archive's order. One
    archive is often faster than many small files on network file systems. The dataset can
    be pickled (it reopens the archive in the copy) and used from forked processes (each
    process opens the archive again).

    Parameters
    ----------
    zipfilename : str
        The zip archive; it should hold only images.
    dtype : dtype, optional
        The image dtype (``config.dtype`` by default).

    Raises
    ------
    ImportError
        If Pillow is not installed (naming the ``pillow`` extra).
    """

    def __init__(self, zipfilename, dtype=None):
        _pillow_image()
        self._zipfilename = zipfilename
        self._zf = zipfile.ZipFile(zipfilename)
        self._zf_pid = os.getpid()
        self._dtype = get_dtype(dtype)
        self._paths = [name for name in self._zf.namelist() if not name.endswith('/')]
        self._lock = threading.Lock()

    def __len__(self):
        return len(self._paths)

    def __getstate__(self):
        state = self.__dict__.copy()
        state['_zf'] = None
        del state['_lock']
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def get_example(self, i_or_filename):
        """The image at position ``i`` (int) or with the given name in the archive (str)."""
        if isinstance(i_or_filename, str):
            name = i_or_filename
        else:
            name = self._paths[i_or_filename]
        with self._lock:
            if self._zf is None or self._zf_pid != os.getpid():
                self._zf = zipfile.ZipFile(self._zipfilename)
                self._zf_pid = os.getpid()
            data = self._zf.read(name)
        # Pillow seeks in the file, which a member of a zip archive does not allow
        return _read_image(io.BytesIO(data), self._dtype)


class MultiZippedImageDataset(DatasetMixin):
    """The images of several zip archives, one archive after another.

    Parameters
    ----------
    zipfilenames : list of str
        The zip archives (each holding only images).
    dtype : dtype, optional
        The image dtype (``config.dtype`` by default).
    """

    def __init__(self, zipfilenames, dtype=None):
        self._zfs = [ZippedImageDataset(name, dtype) for name in zipfilenames]
        self._offsets = [0]
        for zf in self._zfs:
            self._offsets.append(self._offsets[-1] + len(zf))

    def __len__(self):
        return self._offsets[-1]

    def get_example(self, i):
        n = len(self)
        if not -n <= i < n:
            raise IndexError('index {} is out of range for {} images'.format(i, n))
        if i < 0:
            i += n
        k = bisect.bisect_right(self._offsets, i) - 1
        return self._zfs[k].get_example(i - self._offsets[k])


class LabeledZippedImageDataset(DatasetMixin):
    """Labelled images from a zip archive: examples are ``(image, label)``.

    Parameters
    ----------
    zipfilename : str
        The zip archive of images.
    labelfilename : str
        A text file of ``name label`` lines; line ``i`` gives example ``i``, ``name`` being a
        file name in the archive.
    dtype : dtype, optional
        The image dtype (``config.dtype`` by default).
    label_dtype : dtype
        The label dtype.

    Raises
    ------
    ValueError
        If a line of the label file is not ``name label``.
    """

    def __init__(self, zipfilename, labelfilename, dtype=None, label_dtype=numpy.int32):
        _pillow_image()
        self._pairs = _read_pairs(labelfilename)
        self._label_dtype = label_dtype
        self._zipfile = ZippedImageDataset(zipfilename, dtype=dtype)

    def __len__(self):
        return len(self._pairs)

    def get_example(self, i):
        name, label = self._pairs[i]
        return self._zipfile.get_example(name), numpy.array(label, dtype=self._label_dtype)
