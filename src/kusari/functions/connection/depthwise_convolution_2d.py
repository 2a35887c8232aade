"""depthwise_convolution_2d: a grouped convolution (one group per input channel)."""
from kusari.functions.array.reshape import reshape
from kusari.functions.array.transpose import transpose
from kusari.functions.connection.convolution_2d import convolution_2d
from kusari.utils import type_check

_LABEL = 'DepthwiseConvolution2D'


def depthwise_convolution_2d(x, W, b=None, stride=1, pad=0):
    """Two-dimensional depthwise convolution.

    Each input channel ``c`` is convolved with its own ``M`` filters ``W[:, c]``; output
    channel ``c * M + m`` holds the result of filter ``W[m, c]``. It is
    :func:`convolution_2d` with ``groups=C``, so it is differentiable to every order.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, H, W)``.
    W : Variable or array
        Filters of shape ``(M, C, kh, kw)`` (``M`` the channel multiplier).
    b : Variable or array, optional
        Bias of shape ``(M * C,)``.
    stride, pad : int or pair of ints
        ``(sy, sx)`` and ``(ph, pw)``.

    Returns
    -------
    Variable
        Shape ``(N, M * C, H_out, W_out)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.ones((1, 3, 5, 5), numpy.float32)
    >>> F.depthwise_convolution_2d(x, numpy.ones((2, 3, 3, 3), numpy.float32)).shape
    (1, 6, 3, 3)
    """
    if x.ndim != 4:
        type_check.fail(_LABEL, 'x.ndim == 4', 'x.shape={}'.format(x.shape))
    if W.ndim != 4:
        type_check.fail(_LABEL, 'W.ndim == 4', 'W.shape={}'.format(W.shape))
    if x.shape[1] != W.shape[1]:
        type_check.fail(_LABEL, 'x.shape[1] == W.shape[1]',
                        '{} != {}'.format(x.shape[1], W.shape[1]))
    m, c, kh, kw = W.shape
    if b is not None and (b.ndim != 1 or b.shape[0] != m * c):
        type_check.fail(_LABEL, 'b.shape == (W.shape[0] * W.shape[1],)',
                        'b.shape={}, W.shape={}'.format(b.shape, W.shape))
    wg = reshape(transpose(W, (1, 0, 2, 3)), (c * m, 1, kh, kw))
    return convolution_2d(x, wg, b, stride, pad, groups=c)
