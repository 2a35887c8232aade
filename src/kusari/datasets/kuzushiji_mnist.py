"""Kuzushiji-MNIST: cursive Japanese (Kuzushiji) characters in MNIST's IDX format."""
import numpy

from kusari.datasets import mnist

KUZUSHIJI_MNIST_URL = 'http://codh.rois.ac.jp/kmnist/dataset/kmnist/'
KUZUSHIJI_MNIST_FILES = {
    'train-images-idx3-ubyte.gz': 'md5:bdb82020997e1d708af4cf47b453dcf7',
    'train-labels-idx1-ubyte.gz': 'md5:e144d726b3acfaa3e44228e80efcd344',
    't10k-images-idx3-ubyte.gz': 'md5:5c965bf0a639b31b8f53240b1b52f4d7',
    't10k-labels-idx1-ubyte.gz': 'md5:7320c461ea6c1c855c0b718fb2a4b134',
}

_LABELS = (('o', '\u304A'), ('ki', '\u304D'), ('su', '\u3059'), ('tsu', '\u3064'),
           ('na', '\u306A'), ('ha', '\u306F'), ('ma', '\u307E'), ('ya', '\u3084'),
           ('re', '\u308C'), ('wo', '\u3092'))


def get_kuzushiji_mnist_labels():
    """The classes of Kuzushiji-MNIST, indexed by label.

    Returns
    -------
    list of (str, str)
        ``(romaji name, hiragana character)`` for each label, e.g. ``('o', 'お')`` for 0.
    """
    return list(_LABELS)


def get_kuzushiji_mnist(withlabel=True, ndim=1, scale=1., dtype=None,
                        label_dtype=numpy.int32, rgb_format=False):
    """Kuzushiji-MNIST: 60000 training and 10000 test 28x28 images of 10 hiragana characters.

    The four IDX files are fetched once into ``<dataset root>/kuzushiji_mnist``
    (MD5-checked); the arguments are those of :func:`kusari.datasets.get_mnist`.

    Returns
    -------
    tuple
        ``(train, test)``.
    """
    return mnist.load_idx_dataset('kuzushiji_mnist', KUZUSHIJI_MNIST_URL, KUZUSHIJI_MNIST_FILES,
                                  withlabel, ndim, scale, dtype, label_dtype, rgb_format)
