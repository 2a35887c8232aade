"""Fashion-MNIST: Zalando's article images in MNIST's IDX format."""
import numpy

from kusari.datasets import mnist

FASHION_MNIST_URL = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'
FASHION_MNIST_FILES = {
    'train-images-idx3-ubyte.gz': 'md5:8d4fb7e6c68d591d4c3dfef9ec88bf0d',
    'train-labels-idx1-ubyte.gz': 'md5:25c81989df183df01b3e8a0aad5dffbe',
    't10k-images-idx3-ubyte.gz': 'md5:bef4ecab320f06d8554ea6380940ec79',
    't10k-labels-idx1-ubyte.gz': 'md5:bb300cfdad3c16e7a12a480ee83cd310',
}

_LABELS = ('T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt',
           'Sneaker', 'Bag', 'Ankle boot')


def get_fashion_mnist_labels():
    """The class names of Fashion-MNIST, indexed by label.

    Returns
    -------
    list of str
        ``'T-shirt/top'`` for 0, ..., ``'Ankle boot'`` for 9 (a new list at each call).
    """
    return list(_LABELS)


def get_fashion_mnist(withlabel=True, ndim=1, scale=1., dtype=None, label_dtype=numpy.int32,
                      rgb_format=False):
    """Fashion-MNIST: 60000 training and 10000 test 28x28 grayscale images of 10 classes.

    The files are fetched once into ``<dataset root>/fashion-mnist``; the arguments are those
    of :func:`kusari.datasets.get_mnist`.

    Returns
    -------
    tuple
        ``(train, test)``.
    """
    return mnist.load_idx_dataset('fashion-mnist', FASHION_MNIST_URL, FASHION_MNIST_FILES,
                                  withlabel, ndim, scale, dtype, label_dtype, rgb_format)
