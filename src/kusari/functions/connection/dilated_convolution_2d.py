"""dilated_convolution_2d: convolution_2d with a dilated filter."""
from kusari.functions.connection.convolution_2d import convolution_2d


def dilated_convolution_2d(x, W, b=None, stride=1, pad=0, dilate=1, cover_all=False):
    """Two-dimensional dilated convolution: :func:`convolution_2d` with ``dilate``.

    The filter taps are ``dilate`` pixels apart, so a ``k`` filter covers ``(k - 1) dilate
    + 1`` pixels.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, H, W)``.
    W : Variable or array
        Filter of shape ``(O, C, kh, kw)``.
    b : Variable or array, optional
        Bias of shape ``(O,)``.
    stride, pad, dilate : int or pair of ints
        ``(sy, sx)``, ``(ph, pw)`` and ``(dy, dx)``.
    cover_all : bool
        Add windows so that every pixel is covered.

    Returns
    -------
    Variable
        Shape ``(N, O, (H + 2 ph - (kh - 1) dy - 1) // sy + 1, ...)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.ones((1, 2, 7, 7), numpy.float32)
    >>> F.dilated_convolution_2d(x, numpy.ones((3, 2, 3, 3), numpy.float32), dilate=2).shape
    (1, 3, 3, 3)
    """
    return convolution_2d(x, W, b, stride, pad, cover_all, dilate=dilate)
