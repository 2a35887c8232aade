"""SVHN: the Street View House Numbers, cropped 32x32 digits (read from MATLAB files)."""
import numpy

from kusari.configuration import get_dtype
from kusari.dataset import download
from kusari.datasets import _formats
from kusari.datasets.tuple_dataset import TupleDataset

SVHN_URL = 'http://ufldl.stanford.edu/housenumbers/'
# split -> (file name, checksum)
SVHN_FILES = {
    'train': ('train_32x32.mat', 'md5:e26dedcc434d2e4c54c9b2d4a06d8373'),
    'test': ('test_32x32.mat', 'md5:eb5a983be6a315427106f1b164d9cef3'),
    'extra': ('extra_32x32.mat', 'md5:a93ce644f1a588dc4d68dda5feec44a7'),
}


def _load_split(split, withlabel, scale, dtype, label_dtype):
    name, known_hash = SVHN_FILES[split]
    path = download.fetch_file(SVHN_URL + name, known_hash, name,
                               download.get_dataset_directory('svhn'))
    raw = _formats.read_mat(path, names=('X', 'y'))
    if 'X' not in raw or 'y' not in raw:
        raise ValueError('{} does not hold the SVHN variables X and y (found: {})'.format(
            path, sorted(raw)))
    x, y = raw['X'], raw['y']
    if x.ndim != 4 or x.shape[:3] != (32, 32, 3) or y.size != x.shape[3]:
        raise ValueError('{}: X of shape {} and y of shape {} are not SVHN images (32, 32, 3, '
                         'N) and labels (N, 1)'.format(path, x.shape, y.shape))
    # MATLAB's (height, width, channel, N) -> (N, channel, height, width)
    images = x.transpose(3, 2, 0, 1).astype(dtype)
    images *= scale / 255.0
    labels = y.reshape(-1).astype(label_dtype)
    labels[labels == 10] = 0  # the files label the digit 0 as 10
    if withlabel:
        return TupleDataset(images, labels)
    return images


def get_svhn(withlabel=True, scale=1., dtype=None, label_dtype=numpy.int32, add_extra=False):
    """SVHN: 73257 training and 26032 test 32x32 colour images of house-number digits.

    The MATLAB files of the "cropped digits" format (``train_32x32.mat``, ...) are fetched
    once into ``<dataset root>/svhn`` (MD5-checked) and parsed by kusari's own MAT-file reader
    (no SciPy needed). Without network access, put them there by hand.

    Parameters
    ----------
    withlabel : bool
        Return ``(image, label)`` TupleDatasets; otherwise image arrays only.
    scale : float
        Pixel values are scaled to ``[0, scale]``.
    dtype : dtype, optional
        The image dtype (``config.dtype`` by default).
    label_dtype : dtype
        The label dtype. Labels are the digits 0 to 9.
    add_extra : bool
        Also return the 531131 "extra" training images.

    Returns
    -------
    tuple
        ``(train, test)``, or ``(train, test, extra)`` with ``add_extra``. Images have the
        shape ``(3, 32, 32)``.
    """
    dtype = get_dtype(dtype)
    splits = ('train', 'test', 'extra') if add_extra else ('train', 'test')
    return tuple(_load_split(s, withlabel, scale, dtype, label_dtype) for s in splits)
