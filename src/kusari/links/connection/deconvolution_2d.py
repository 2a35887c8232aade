"""Deconvolution2D: the two-dimensional transposed convolution layer."""
import kusari.functions as F
from kusari import link
from kusari.links.connection._util import (
    check_groups,
    check_no_kwargs,
    init_weight_and_bias,
    pair,
)


class Deconvolution2D(link.Link):
    """A two-dimensional deconvolution (transposed convolution) layer.

    Parameters
    ----------
    in_channels : int or None
        Input channels (None: set at the first forward pass;
        ``Deconvolution2D(out_channels, ksize)`` is accepted too).
    out_channels : int
    ksize : int or pair of ints
    stride, pad : int or pair of ints
    nobias : bool
    outsize : pair of ints, optional
        The output spatial size (needed when several sizes are possible).
    initialW, initial_bias : initializer, scalar or array, optional
    dilate : int or pair of ints (keyword)
    groups : int (keyword)

    Attributes
    ----------
    W : Parameter of shape ``(in_channels, out_channels / groups, kh, kw)``
    b : Parameter of shape ``(out_channels,)`` or None
    """

    def __init__(self, in_channels, out_channels, ksize=None, stride=1, pad=0, nobias=False,
                 outsize=None, initialW=None, initial_bias=None, *, dilate=1, groups=1,
                 **kwargs):
        super().__init__()
        check_no_kwargs(kwargs)
        if ksize is None:
            out_channels, ksize, in_channels = in_channels, out_channels, None
        self.ksize = ksize
        self.stride = pair(stride)
        self.pad = pair(pad)
        self.dilate = pair(dilate)
        self.outsize = (None, None) if outsize is None else outsize
        self.out_channels = out_channels
        self.groups = int(groups)
        if (not nobias and hasattr(initial_bias, 'shape')
                and tuple(initial_bias.shape) != (out_channels,)):
            raise ValueError('initial_bias must have shape ({},), got {}'.format(
                out_channels, initial_bias.shape))
        init_weight_and_bias(self, initialW, in_channels, nobias, initial_bias, out_channels)

    def _initialize_params(self, in_channels):
        kh, kw = pair(self.ksize)
        check_groups(self.out_channels, in_channels, self.groups)
        self.W.initialize((in_channels, self.out_channels // self.groups, kh, kw))

    def forward(self, x):
        """Apply the transposed convolution.

        Parameters
        ----------
        x : Variable or array of shape ``(n, in_channels, h, w)``

        Returns
        -------
        Variable of shape ``(n, out_channels, h_out, w_out)``
        """
        if self.W.array is None:
            self._initialize_params(x.shape[1])
        outsize = None if self.outsize == (None, None) else self.outsize
        return F.deconvolution_2d(x, self.W, self.b, self.stride, self.pad, outsize,
                                  dilate=self.dilate, groups=self.groups)
