"""spatial_pyramid_pooling_2d: max pooling at several scales, flattened and concatenated."""
import math


def spatial_pyramid_pooling_2d(x, pyramid_height, pooling=None):
    """Spatial pyramid pooling: a fixed-length vector whatever the input size.

    Level ``i`` (``0 <= i < pyramid_height``) max-pools ``x`` into ``2^i x 2^i`` bins with
    ``k = ceil(size / 2^i)`` and ``pad = (2^i k - size) // 2`` (``cover_all``); the results
    are flattened and concatenated along the channel axis.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, H, W)``.
    pyramid_height : int
        Number of levels.
    pooling : str
        The pooling operation; only ``'max'`` is supported.

    Returns
    -------
    Variable
        Shape ``(N, C * sum_{i < pyramid_height} 4^i, 1, 1)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.ones((1, 2, 7, 9), numpy.float32)
    >>> F.spatial_pyramid_pooling_2d(x, 3, pooling='max').shape
    (1, 42, 1, 1)
    """
    from kusari.functions.array.concat import concat
    from kusari.functions.array.reshape import reshape
    from kusari.functions.pooling.max_pooling_nd import max_pooling_2d
    if pooling != 'max':
        raise ValueError('Unsupported pooling operation: ', pooling)
    h, w = x.shape[2:]
    ys = []
    for level in range(pyramid_height):
        bins = 2 ** level
        kh = int(math.ceil(h / float(bins)))
        kw = int(math.ceil(w / float(bins)))
        pad = ((kh * bins - h) // 2, (kw * bins - w) // 2)
        y = max_pooling_2d(x, (kh, kw), None, pad, cover_all=True)
        n, c, oh, ow = y.shape
        ys.append(reshape(y, (n, c * oh * ow, 1, 1)))
    return concat(ys, axis=1)
