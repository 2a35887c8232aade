"""DepthwiseConvolution2D: a separate filter bank per input channel."""
import numpy

import kusari.functions as F
from kusari import initializers, link
from kusari.links.connection._util import pair
from kusari.variable import Parameter


class DepthwiseConvolution2D(link.Link):
    """A two-dimensional depthwise convolution layer.

    Parameters
    ----------
    in_channels : int or None
        Input channels (None: set at the first forward pass).
    channel_multiplier : int
        Output channels per input channel.
    ksize : int or pair of ints
    stride, pad : int or pair of ints
    nobias : bool
    initialW : initializer, scalar or array, optional
        HeNormal with scale ``1 / sqrt(2)`` by default.
    initial_bias : initializer, scalar or array, optional

    Attributes
    ----------
    W : Parameter of shape ``(channel_multiplier, in_channels, kh, kw)``
    b : Parameter of shape ``(channel_multiplier * in_channels,)`` or None
    """

    def __init__(self, in_channels, channel_multiplier, ksize, stride=1, pad=0, nobias=False,
                 initialW=None, initial_bias=None):
        super().__init__()
        self.ksize = ksize
        self.stride = pair(stride)
        self.pad = pair(pad)
        self.channel_multiplier = channel_multiplier
        self.nobias = nobias
        if initialW is None:
            initialW = initializers.HeNormal(1. / numpy.sqrt(2))
        with self.init_scope():
            self.W = Parameter(initializers._get_initializer(initialW))
            if nobias:
                self.b = None
            else:
                self.b = Parameter(initializers._get_initializer(
                    0 if initial_bias is None else initial_bias))
        if in_channels is not None:
            self._initialize_params(in_channels)

    def _initialize_params(self, in_channels):
        kh, kw = pair(self.ksize)
        self.W.initialize((self.channel_multiplier, in_channels, kh, kw))
        if self.b is not None:
            self.b.initialize((self.channel_multiplier * in_channels,))

    def forward(self, x):
        """Apply the depthwise convolution.

        Parameters
        ----------
        x : Variable or array of shape ``(n, in_channels, h, w)``

        Returns
        -------
        Variable of shape ``(n, channel_multiplier * in_channels, h_out, w_out)``
        """
        if self.W.array is None:
            self._initialize_params(x.shape[1])
        return F.depthwise_convolution_2d(x, self.W, self.b, self.stride, self.pad)
