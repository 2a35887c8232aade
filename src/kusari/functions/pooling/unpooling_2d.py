"""2-dimensional unpooling (unpooling_2d), differentiable to every order."""
from kusari.functions.pooling.unpooling_nd import UnpoolingND


class Unpooling2D(UnpoolingND):
    """Unpooling over ``(H, W)``."""

    def __init__(self, ksize, stride=None, pad=0, outsize=None, cover_all=True):
        super().__init__(2, ksize, stride, pad, outsize, cover_all)


def unpooling_2d(x, ksize, stride=None, pad=0, outsize=None, cover_all=True):
    """2-dimensional unpooling: each pixel is copied to every position of its window.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, H, W)``.
    ksize : int or pair of ints
        Window size ``(kh, kw)``.
    stride : int or pair of ints, optional
        ``(sy, sx)``; ``None`` means ``ksize``.
    pad : int or pair of ints
        ``(ph, pw)``, removed from the output.
    outsize : pair of ints, optional
        ``(H_out, W_out)``; by default ``sy (H - 1) + kh - 2 ph`` (``- sy + 1`` more with
        ``cover_all``), and likewise for the width.
    cover_all : bool
        Whether the pooling being inverted used ``cover_all`` (default True).

    Returns
    -------
    Variable
        Shape ``(N, C, H_out, W_out)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.unpooling_2d(numpy.ones((1, 1, 2, 2), numpy.float32), 2, cover_all=False).shape
    (1, 1, 4, 4)
    """
    return Unpooling2D(ksize, stride, pad, outsize, cover_all).apply((x,))[0]
