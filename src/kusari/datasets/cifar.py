"""CIFAR-10 and CIFAR-100, read from the binary version of the archives (no pickles)."""
import numpy

from kusari.configuration import get_dtype
from kusari.dataset import download
from kusari.datasets import _formats
from kusari.datasets.tuple_dataset import TupleDataset

CIFAR_URL = 'https://www.cs.toronto.edu/~kriz/'
# name -> (archive, checksum, train members, test members, label bytes, label column)
CIFAR_ARCHIVES = {
    'cifar-10': ('cifar-10-binary.tar.gz', 'md5:c32a1d4ab5d03f1284b67883e8d87530',
                 ['cifar-10-batches-bin/data_batch_{}.bin'.format(i) for i in range(1, 6)],
                 ['cifar-10-batches-bin/test_batch.bin'], 1, 0),
    'cifar-100': ('cifar-100-binary.tar.gz', 'md5:03b5dce01913d631647c71ecec9e9cb8',
                  ['cifar-100-binary/train.bin'], ['cifar-100-binary/test.bin'], 2, 1),
}


def _preprocess(images, labels, withlabel, ndim, scale, dtype):
    if ndim == 1:
        images = images.reshape(-1, 3072)
    elif ndim == 3:
        images = images.reshape(-1, 3, 32, 32)
    else:
        raise ValueError('invalid ndim for CIFAR dataset')
    images = images.astype(get_dtype(dtype))
    images *= scale / 255.0
    if withlabel:
        return TupleDataset(images, labels.astype(numpy.int32))
    return images


def _get_cifar(name, withlabel, ndim, scale, dtype):
    if ndim not in (1, 3):
        raise ValueError('invalid ndim for CIFAR dataset')
    archive, known_hash, train_members, test_members, label_bytes, column = CIFAR_ARCHIVES[name]
    path = download.fetch_file(CIFAR_URL + archive, known_hash, archive,
                               download.get_dataset_directory('cifar'))
    out = []
    for members in (train_members, test_members):
        x, y = _formats.read_cifar_archive(path, members, label_bytes)
        out.append(_preprocess(x, y[:, column], withlabel, ndim, scale, dtype))
    return tuple(out)


def get_cifar10(withlabel=True, ndim=3, scale=1., dtype=None):
    """CIFAR-10: 50000 training and 10000 test 32x32 colour images of 10 classes.

    ``cifar-10-binary.tar.gz`` is fetched once into ``<dataset root>/cifar`` (MD5-checked) and
    its fixed-size records are parsed.

    Parameters
    ----------
    withlabel : bool
        Return ``(image, label)`` TupleDatasets (int32 labels); otherwise images only.
    ndim : {1, 3}
        Image shape ``(3072,)`` or ``(3, 32, 32)``.
    scale : float
        Pixel values are scaled to ``[0, scale]``.
    dtype : dtype, optional
        The image dtype (``config.dtype`` by default).

    Returns
    -------
    tuple
        ``(train, test)``.
    """
    return _get_cifar('cifar-10', withlabel, ndim, scale, dtype)


def get_cifar100(withlabel=True, ndim=3, scale=1., dtype=None):
    """CIFAR-100 with its 100 fine labels; see :func:`get_cifar10` for the arguments.

    ``cifar-100-binary.tar.gz`` is fetched once into ``<dataset root>/cifar``.

    Returns
    -------
    tuple
        ``(train, test)``.
    """
    return _get_cifar('cifar-100', withlabel, ndim, scale, dtype)
