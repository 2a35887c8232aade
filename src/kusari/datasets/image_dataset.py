"""Image datasets read from files with Pillow (the optional ``pillow`` extra)."""
import os

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


def _read_image(path, dtype):
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
            pairs_path = pairs
            pairs = []
            with open(pairs_path) as f:
                for i, line in enumerate(f):
                    fields = line.strip().split()
                    if not fields:
                        continue
                    if len(fields) != 2:
                        raise ValueError('invalid format at line {} in file {}'.format(
                            i, pairs_path))
                    pairs.append((fields[0], int(fields[1])))
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
