"""MNIST (and the shared IDX-based loader used by Fashion-MNIST)."""
import numpy

from kusari.configuration import get_dtype
from kusari.dataset import download
from kusari.datasets import _formats
from kusari.datasets.tuple_dataset import TupleDataset

# file name -> checksum; each file is fetched from ``base_url + name``
MNIST_URL = 'https://ossci-datasets.s3.amazonaws.com/mnist/'
MNIST_FILES = {
    'train-images-idx3-ubyte.gz': 'md5:f68b3c2dcbeaaa9fbdd348bbdeb94873',
    'train-labels-idx1-ubyte.gz': 'md5:d53e105ee54ea40749a09fcbcd1e9432',
    't10k-images-idx3-ubyte.gz': 'md5:9fb629c4189551a2d022fa330f9573f3',
    't10k-labels-idx1-ubyte.gz': 'md5:ec29112dd5afa0611ce80d1b7f02629c',
}


def _load_idx_pair(folder, base_url, files, prefix):
    images_name = '{}-images-idx3-ubyte.gz'.format(prefix)
    labels_name = '{}-labels-idx1-ubyte.gz'.format(prefix)
    path = download.get_dataset_directory(folder)
    x = _formats.read_idx(download.fetch_file(
        base_url + images_name, files[images_name], images_name, path))
    y = _formats.read_idx(download.fetch_file(
        base_url + labels_name, files[labels_name], labels_name, path))
    if x.ndim != 3 or y.ndim != 1 or len(x) != len(y):
        raise ValueError('{} and {} do not form a pair of images (N, H, W) and labels (N,): '
                         'shapes {} and {}'.format(images_name, labels_name, x.shape, y.shape))
    return x, y


def _preprocess(images, labels, withlabel, ndim, scale, dtype, label_dtype, rgb_format):
    n, h, w = images.shape
    if ndim == 1:
        images = images.reshape(n, h * w)
    elif ndim == 2:
        pass
    elif ndim == 3:
        images = images.reshape(n, 1, h, w)
        if rgb_format:
            images = numpy.broadcast_to(images, (n, 3, h, w))
    else:
        raise ValueError('invalid ndim for MNIST dataset')
    images = images.astype(get_dtype(dtype))
    images *= scale / 255.0
    if withlabel:
        return TupleDataset(images, labels.astype(label_dtype))
    return images


def load_idx_dataset(folder, base_url, files, withlabel, ndim, scale, dtype, label_dtype,
                     rgb_format):
    """Load an MNIST-layout dataset (train/t10k IDX files) as ``(train, test)``."""
    out = []
    for prefix in ('train', 't10k'):
        x, y = _load_idx_pair(folder, base_url, files, prefix)
        out.append(_preprocess(x, y, withlabel, ndim, scale, dtype, label_dtype, rgb_format))
    return tuple(out)


def get_mnist(withlabel=True, ndim=1, scale=1., dtype=None, label_dtype=numpy.int32,
              rgb_format=False):
    """The MNIST handwritten digits: 60000 training and 10000 test images of 28x28.

    The four original IDX files are downloaded once into ``<dataset root>/mnist`` (checked
    against their MD5 sums) and parsed; without network access, put them there by hand.

    Parameters
    ----------
    withlabel : bool
        Return ``(image, label)`` TupleDatasets; otherwise image arrays only.
    ndim : {1, 2, 3}
        Image shape: ``(784,)``, ``(28, 28)`` or ``(1, 28, 28)``.
    scale : float
        Pixel values are scaled to ``[0, scale]``.
    dtype : dtype, optional
        The image dtype (``config.dtype`` by default).
    label_dtype : dtype
        The label dtype.
    rgb_format : bool
        With ``ndim=3``, repeat the channel to get ``(3, 28, 28)``.

    Returns
    -------
    tuple
        ``(train, test)``.
    """
    return load_idx_dataset('mnist', MNIST_URL, MNIST_FILES, withlabel, ndim, scale, dtype,
                            label_dtype, rgb_format)
