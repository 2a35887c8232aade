"""2-dimensional average pooling (padding counts as zeros), differentiable to every order."""
from kusari.functions.pooling.average_pooling_nd import AveragePoolingND, AveragePoolingNDGrad


class AveragePooling2D(AveragePoolingND):
    """Average pooling over ``(H, W)``; the divisor is always ``kh * kw``."""

    def __init__(self, ksize, stride=None, pad=0, cover_all=False):
        super().__init__(2, ksize, stride, pad, cover_all, pad_value=0)


AveragePooling2DGrad = AveragePoolingNDGrad


def average_pooling_2d(x, ksize, stride=None, pad=0):
    """2-dimensional spatial average pooling.

    Zero padding is included in each average (the divisor is ``kh * kw``); use
    :func:`average_pooling_nd` with ``pad_value=None`` to leave it out.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, H, W)``.
    ksize : int or pair of ints
        Window size ``(kh, kw)``.
    stride : int or pair of ints, optional
        ``(sy, sx)``; ``None`` means ``ksize``.
    pad : int or pair of ints
        ``(ph, pw)``.

    Returns
    -------
    Variable
        Shape ``(N, C, (H + 2 ph - kh) // sy + 1, (W + 2 pw - kw) // sx + 1)``.

    >>> import numpy, kusari.functions as F
    >>> F.average_pooling_2d(numpy.ones((1, 1, 4, 4), numpy.float32), 2).shape
    (1, 1, 2, 2)
    """
    return AveragePooling2D(ksize, stride, pad, False).apply((x,))[0]
