"""Average pooling: average_pooling_nd, average_pooling_1d, average_pooling_3d.

A window sum divided by a constant (the window size, or the number of non-padding elements
with ``pad_value=None``); the backward is the adjoint scatter, whose backward is the window
sum again, so every order of derivative is exact.
"""
from kusari.functions.pooling import _pooling_nd
from kusari.utils import _args
from kusari.utils._args import check_spatial


class AveragePoolingND(_pooling_nd.WindowSum):
    """N-dimensional average pooling (``pad_value`` 0 or None)."""

    def __init__(self, ndim, ksize, stride=None, pad=0, cover_all=False, pad_value=0):
        if not (pad_value is None or pad_value == 0):
            raise ValueError('pad_value must be either 0 or None, not {}.'.format(pad_value))
        if cover_all is True:
            raise ValueError('`cover_all` mode is not supported yet.')
        if stride is None:
            stride = ksize
        if ndim <= 0:
            raise ValueError('pooling operation requires at least one spatial dimension.')
        self.ndim = ndim
        super().__init__(_args.as_tuple(ksize, ndim), _args.as_tuple(stride, ndim),
                         _args.as_tuple(pad, ndim), None)
        self.cover_all = False
        self.pad_value = pad_value

    def _check_data_type_forward(self, in_data):
        _pooling_nd.check_pool_input(self.label, in_data, self.ndim)

    def forward(self, inputs):
        x, = inputs
        self.outsize = _pooling_nd.pool_outsize(x.shape[2:], self.ksize, self.stride,
                                                self.pad, False, self.label)
        if self.pad_value is None and any(self.pad):
            from kusari import backend
            self.divisor = _pooling_nd.window_count(
                x.shape[2:], self.ksize, self.stride, self.pad, self.outsize,
                backend.get_array_module(x))
        else:
            self.divisor = float(_pooling_nd._prod(self.ksize))
        return super().forward(inputs)


class AveragePoolingNDGrad(_pooling_nd.WindowScatter):
    """The gradient of average pooling (a scatter of ``gy / divisor``)."""


def average_pooling_nd(x, ksize, stride=None, pad=0, pad_value=0):
    """N-dimensional average pooling.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, d_1, ..., d_n)``.
    ksize : int or tuple of ints
        Window size.
    stride : int or tuple of ints, optional
        Window step; ``None`` means ``ksize``.
    pad : int or tuple of ints
        Padding on both sides.
    pad_value : 0 or None
        0: padding counts as zeros (divide by the window size); None: padding is left out of
        each average (divide by the number of input elements in the window).

    Returns
    -------
    Variable
        Shape ``(N, C, o_1, ..., o_n)`` with ``o = (d + 2 p - k) // s + 1``; dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.average_pooling_nd(numpy.ones((1, 1, 4, 4, 4)), 2).array.ravel()[:2]
    array([1., 1.])
    """
    ndim = len(x.shape[2:])
    return AveragePoolingND(ndim, ksize, stride, pad, pad_value=pad_value).apply((x,))[0]


def average_pooling_1d(x, ksize, stride=None, pad=0, pad_value=0):
    """1-dimensional average pooling: :func:`average_pooling_nd` for ``(N, C, L)`` inputs.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, C, L)``; see :func:`average_pooling_nd` for the other arguments.

    Returns
    -------
    Variable
        Shape ``(N, C, L_out)``.
    """
    check_spatial(x, 1)
    return average_pooling_nd(x, ksize, stride, pad, pad_value)


def average_pooling_3d(x, ksize, stride=None, pad=0, pad_value=0):
    """3-dimensional average pooling: :func:`average_pooling_nd` for ``(N, C, D, H, W)``.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, C, D, H, W)``; see :func:`average_pooling_nd` for the other arguments.

    Returns
    -------
    Variable
        Shape ``(N, C, D_out, H_out, W_out)``.
    """
    check_spatial(x, 3)
    return average_pooling_nd(x, ksize, stride, pad, pad_value)
