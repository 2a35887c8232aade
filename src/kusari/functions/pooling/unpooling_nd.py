"""Unpooling: unpooling_nd, unpooling_1d, unpooling_3d (the adjoint of a window sum).

Each input element is copied to every position of its window (overlaps add up). The
backward is the window sum, whose backward is the copy again: every order is exact.
"""
from kusari.functions.pooling import _pooling_nd
from kusari.utils import _args, conv, type_check
from kusari.utils._args import check_spatial


class UnpoolingND(_pooling_nd.WindowScatter):
    """N-dimensional unpooling."""

    def __init__(self, ndim, ksize, stride=None, pad=0, outsize=None, cover_all=True):
        if stride is None:
            stride = ksize
        if ndim <= 0:
            raise ValueError('pooling operation requires at least one spatial dimension.')
        self.ndim = ndim
        if outsize is not None:
            outsize = _args.as_tuple(outsize, ndim)
        super().__init__(_args.as_tuple(ksize, ndim), _args.as_tuple(stride, ndim),
                         _args.as_tuple(pad, ndim), outsize)
        self.outs = outsize
        self.cover_all = cover_all

    def _check_data_type_forward(self, in_data):
        label = self.label
        _pooling_nd.check_pool_input(label, in_data, self.ndim)
        x = in_data[0]
        if self.outs is not None:
            expected = tuple(conv.get_conv_outsize(o, k, s, p, self.cover_all)
                             for o, k, s, p in zip(self.outs, self.ksize, self.stride,
                                                   self.pad))
            if x.shape[2:] != expected:
                type_check.fail(label, 'x.shape[2:] == {} (for outsize={})'.format(
                    expected, self.outs), 'x.shape={}'.format(x.shape))

    def forward(self, inputs):
        x, = inputs
        if self.insize is None:
            self.insize = tuple(
                conv.get_deconv_outsize(d, k, s, p, cover_all=self.cover_all)
                for d, k, s, p in zip(x.shape[2:], self.ksize, self.stride, self.pad))
            # an output size of 0 gives an empty output (as in Chainer): the padding
            # removes everything
            if any(o < 0 for o in self.insize):
                raise RuntimeError('{}: Output sizes should not be negative (got {})'.format(
                    self.label, self.insize))
        self.outs = self.insize
        return super().forward(inputs)


class UnpoolingNDGrad(_pooling_nd.WindowSum):
    """The gradient of unpooling: the sum over each window."""


def unpooling_nd(x, ksize, stride=None, pad=0, outsize=None, cover_all=True):
    """N-dimensional unpooling: the inverse of pooling that copies each element to its window.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, d_1, ..., d_n)``.
    ksize : int or tuple of ints
        Window size.
    stride : int or tuple of ints, optional
        Window step; ``None`` means ``ksize``.
    pad : int or tuple of ints
        Padding removed from the output.
    outsize : tuple of ints, optional
        Output spatial size; by default ``s (d - 1) + k - 2 p`` (``- s + 1`` more with
        ``cover_all``).
    cover_all : bool
        Whether the pooling being inverted used ``cover_all``.

    Returns
    -------
    Variable
        Shape ``(N, C, o_1, ..., o_n)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.unpooling_nd(numpy.ones((1, 1, 2, 2, 2)), 2, cover_all=False).shape
    (1, 1, 4, 4, 4)
    """
    ndim = len(x.shape[2:])
    return UnpoolingND(ndim, ksize, stride, pad, outsize, cover_all).apply((x,))[0]


def unpooling_1d(x, ksize, stride=None, pad=0, outsize=None, cover_all=True):
    """1-dimensional unpooling: :func:`unpooling_nd` for ``x`` of shape ``(N, C, L)``.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, C, L)``; see :func:`unpooling_nd` for the other arguments.

    Returns
    -------
    Variable
        Shape ``(N, C, L_out)``.
    """
    check_spatial(x, 1)
    return unpooling_nd(x, ksize, stride, pad, outsize, cover_all)


def unpooling_3d(x, ksize, stride=None, pad=0, outsize=None, cover_all=True):
    """3-dimensional unpooling: :func:`unpooling_nd` for ``x`` of shape ``(N, C, D, H, W)``.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, C, D, H, W)``; see :func:`unpooling_nd` for the other arguments.

    Returns
    -------
    Variable
        Shape ``(N, C, D_out, H_out, W_out)``.
    """
    check_spatial(x, 3)
    return unpooling_nd(x, ksize, stride, pad, outsize, cover_all)
