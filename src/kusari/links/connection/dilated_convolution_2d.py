"""DilatedConvolution2D: a two-dimensional convolution with dilated filters."""
import kusari.functions as F
from kusari import link
from kusari.links.connection._util import init_weight_and_bias, pair


class DilatedConvolution2D(link.Link):
    """A two-dimensional dilated convolution layer.

    Parameters
    ----------
    in_channels : int or None
        Input channels (None: set at the first forward pass;
        ``DilatedConvolution2D(out_channels, ksize)`` is accepted too).
    out_channels : int
    ksize : int or pair of ints
    stride, pad, dilate : int or pair of ints
    nobias : bool
    initialW, initial_bias : initializer, scalar or array, optional

    Attributes
    ----------
    W : Parameter of shape ``(out_channels, in_channels, kh, kw)``
    b : Parameter of shape ``(out_channels,)`` or None
    """

    def __init__(self, in_channels, out_channels, ksize=None, stride=1, pad=0, dilate=1,
                 nobias=False, initialW=None, initial_bias=None):
        super().__init__()
        if ksize is None:
            out_channels, ksize, in_channels = in_channels, out_channels, None
        self.ksize = ksize
        self.stride = pair(stride)
        self.pad = pair(pad)
        self.dilate = pair(dilate)
        self.out_channels = out_channels
        init_weight_and_bias(self, initialW, in_channels, nobias, initial_bias, out_channels)

    def _initialize_params(self, in_channels):
        kh, kw = pair(self.ksize)
        self.W.initialize((self.out_channels, in_channels, kh, kw))

    def forward(self, x):
        """Apply the dilated convolution.

        Parameters
        ----------
        x : Variable or array of shape ``(n, in_channels, h, w)``

        Returns
        -------
        Variable of shape ``(n, out_channels, h_out, w_out)``
        """
        if self.W.array is None:
            self._initialize_params(x.shape[1])
        return F.dilated_convolution_2d(x, self.W, self.b, self.stride, self.pad, self.dilate)
