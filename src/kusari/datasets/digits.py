"""The 8x8 handwritten digits bundled with scikit-learn (works offline)."""
import numpy

from kusari.configuration import get_dtype
from kusari.datasets.tuple_dataset import TupleDataset


def _load_digits():
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        raise ImportError(
            'kusari: get_digits needs scikit-learn, which ships the digits data. Install it '
            "with `pip install 'kusari[scikit-learn]'`.") from None
    bunch = load_digits()
    return bunch.images, bunch.target


def get_digits(withlabel=True, ndim=3, scale=1., dtype=None, label_dtype=numpy.int32,
               test_ratio=0.2, seed=0):
    """The 1797 8x8 grayscale digits of scikit-learn, split into train and test sets.

    The split is random but fixed by ``seed``, and stratified: each class contributes
    ``test_ratio`` of its images to the test set (359 test, 1438 train images by default).

    Parameters
    ----------
    withlabel : bool
        Return ``(image, label)`` TupleDatasets; otherwise image arrays only.
    ndim : {1, 2, 3}
        Image shape ``(64,)``, ``(8, 8)`` or ``(1, 8, 8)``.
    scale : float
        Pixel values (0 to 16 in the data) are scaled to ``[0, scale]``.
    dtype : dtype, optional
        The image dtype (``config.dtype`` by default).
    label_dtype : dtype
        The label dtype.
    test_ratio : float
        The fraction of each class held out for testing.
    seed : int
        Seed of the split.

    Returns
    -------
    tuple
        ``(train, test)``.

    Raises
    ------
    ImportError
        If scikit-learn is missing (naming the ``scikit-learn`` extra).
    """
    if ndim not in (1, 2, 3):
        raise ValueError('invalid ndim for the digits dataset: {}'.format(ndim))
    if not 0 < test_ratio < 1:
        raise ValueError('test_ratio must be in (0, 1), got {}'.format(test_ratio))
    images, labels = _load_digits()
    rng = numpy.random.RandomState(seed)
    test_mask = numpy.zeros(len(labels), dtype=bool)
    for c in numpy.unique(labels):
        idx = rng.permutation(numpy.flatnonzero(labels == c))
        test_mask[idx[:int(round(len(idx) * test_ratio))]] = True
    order = rng.permutation(len(labels))
    images = images.astype(get_dtype(dtype)) * (scale / 16.0)
    if ndim == 1:
        images = images.reshape(len(images), 64)
    elif ndim == 3:
        images = images.reshape(len(images), 1, 8, 8)
    labels = labels.astype(label_dtype)
    out = []
    for mask in (~test_mask, test_mask):
        sel = order[mask[order]]
        x = numpy.ascontiguousarray(images[sel])
        out.append(TupleDataset(x, labels[sel]) if withlabel else x)
    return tuple(out)
