"""2-dimensional convolution (convolution_2d), differentiable to every order.

``Convolution2DFunction`` is :class:`~kusari.functions.connection.convolution_nd.ConvolutionND`
with two spatial axes and Chainer's 2-d checks; its backward uses ``deconvolution_2d`` for
``gx`` and ``Convolution2DGradW`` for ``gW``, whose backward is again a convolution and a
deconvolution, so the second (and any) derivative with respect to both ``x`` and ``W`` works.
"""
from kusari.functions.connection import _conv_args
from kusari.functions.connection.convolution_nd import ConvolutionND, ConvolutionNDGradW


class Convolution2DFunction(ConvolutionND):
    """2-d convolution; ``dilate`` and ``groups`` are keyword arguments as in Chainer."""

    _channel_check_first = True

    def __init__(self, stride=1, pad=0, cover_all=False, **kwargs):
        dilate, groups, cudnn_fast = _conv_args.conv2d_kwargs(
            'Convolution2DFunction', kwargs, cudnn_fast=True)
        if cudnn_fast:
            raise RuntimeError("'cudnn_fast' can't be used in the CPU backend")
        super().__init__(2, stride, pad, cover_all, dilate, groups)
        self.sy, self.sx = self.stride
        self.ph, self.pw = self.pad
        self.dy, self.dx = self.dilate


Convolution2DGradW = ConvolutionNDGradW


def convolution_2d(x, W, b=None, stride=1, pad=0, cover_all=False, **kwargs):
    """convolution_2d(x, W, b=None, stride=1, pad=0, cover_all=False, *, dilate=1, groups=1)

    Two-dimensional convolution:
    ``y[n, o, i, j] = b[o] + sum_{c, p, q} W[o, c, p, q] * x[n, c, i sy + p dy - ph,
    j sx + q dx - pw]`` with zeros outside ``x``.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, H, W)``.
    W : Variable or array
        Filter of shape ``(O, C / groups, kh, kw)``.
    b : Variable or array, optional
        Bias of shape ``(O,)``.
    stride, pad : int or pair of ints
        ``(sy, sx)`` and ``(ph, pw)``.
    cover_all : bool
        Add windows so that every input pixel is covered (extra high-side padding).
    dilate : int or pair of ints
        Dilation ``(dy, dx)`` of the filter (keyword only).
    groups : int
        Number of channel groups; divides ``C`` and ``O`` (keyword only).

    Returns
    -------
    Variable
        Shape ``(N, O, H_out, W_out)`` with
        ``H_out = (H + 2 ph - ((kh - 1) dy + 1)) // sy + 1`` (``+ sy - 1`` in the numerator
        with ``cover_all``); dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.ones((2, 3, 8, 8), numpy.float32)
    >>> F.convolution_2d(x, numpy.ones((4, 3, 3, 3), numpy.float32), pad=1).shape
    (2, 4, 8, 8)
    """
    dilate, groups, cudnn_fast = _conv_args.conv2d_kwargs('convolution_2d', kwargs,
                                                           cudnn_fast=True)
    func = Convolution2DFunction(stride, pad, cover_all, dilate=dilate, groups=groups,
                                 cudnn_fast=cudnn_fast)
    args = (x, W) if b is None else (x, W, b)
    return func.apply(args)[0]
