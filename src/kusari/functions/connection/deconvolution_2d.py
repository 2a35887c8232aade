"""2-dimensional deconvolution (deconvolution_2d), differentiable to every order."""
from kusari.functions.connection import _conv_args
from kusari.functions.connection.deconvolution_nd import DeconvolutionND


class Deconvolution2DFunction(DeconvolutionND):
    """2-d deconvolution; ``dilate`` and ``groups`` are keyword arguments as in Chainer."""

    _bias_same_dtype = True

    def __init__(self, stride=1, pad=0, outsize=None, **kwargs):
        dilate, groups = _conv_args.conv2d_kwargs('Deconvolution2DFunction', kwargs)
        super().__init__(2, stride, pad, outsize, dilate, groups)
        self.sy, self.sx = self.stride
        self.ph, self.pw = self.pad
        self.dy, self.dx = self.dilate
        self.outh, self.outw = (None, None) if outsize is None else self.outs


def deconvolution_2d(x, W, b=None, stride=1, pad=0, outsize=None, **kwargs):
    """deconvolution_2d(x, W, b=None, stride=1, pad=0, outsize=None, *, dilate=1, groups=1)

    Two-dimensional deconvolution (transposed convolution): the adjoint of
    :func:`convolution_2d` with respect to its input, plus a bias.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C_in, H, W)``.
    W : Variable or array
        Filter of shape ``(C_in, C_out / groups, kh, kw)``.
    b : Variable or array, optional
        Bias of shape ``(C_out,)``.
    stride, pad : int or pair of ints
        ``(sy, sx)`` and ``(ph, pw)``.
    outsize : pair of ints, optional
        ``(H_out, W_out)``; by default ``sy (H - 1) + (kh - 1) dy + 1 - 2 ph`` (and the
        same for the width). Must be a size whose convolution gives back ``(H, W)``.
    dilate : int or pair of ints
        Dilation of the filter (keyword only).
    groups : int
        Number of channel groups; divides ``C_in`` (keyword only).

    Returns
    -------
    Variable
        Shape ``(N, C_out, H_out, W_out)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.ones((2, 3, 4, 4), numpy.float32)
    >>> F.deconvolution_2d(x, numpy.ones((3, 5, 2, 2), numpy.float32), stride=2).shape
    (2, 5, 8, 8)
    """
    dilate, groups = _conv_args.conv2d_kwargs('deconvolution_2d', kwargs)
    func = Deconvolution2DFunction(stride, pad, outsize, dilate=dilate, groups=groups)
    args = (x, W) if b is None else (x, W, b)
    return func.apply(args)[0]
