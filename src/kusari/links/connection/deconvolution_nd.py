"""DeconvolutionND (and Deconvolution1D / Deconvolution3D): N-dimensional transposed
convolution layers."""
import kusari.functions as F
from kusari import link
from kusari.links.connection._util import as_tuple, check_groups, init_weight_and_bias


class DeconvolutionND(link.Link):
    """An N-dimensional deconvolution (transposed convolution) layer.

    Parameters
    ----------
    ndim : int
        The number of spatial dimensions.
    in_channels : int or None
        Input channels (None: set at the first forward pass).
    out_channels : int
    ksize : int or tuple of ints
    stride, pad : int or tuple of ints
    nobias : bool
    outsize : tuple of ints, optional
    initialW, initial_bias : initializer, scalar or array, optional
    dilate : int or tuple of ints
    groups : int

    Attributes
    ----------
    W : Parameter of shape ``(in_channels, out_channels / groups) + ksize``
    b : Parameter of shape ``(out_channels,)`` or None
    """

    def __init__(self, ndim, in_channels, out_channels, ksize=None, stride=1, pad=0,
                 nobias=False, outsize=None, initialW=None, initial_bias=None, dilate=1,
                 groups=1):
        super().__init__()
        if ksize is None:
            out_channels, ksize, in_channels = in_channels, out_channels, None
        self.out_channels = out_channels
        self.ksize = as_tuple(ksize, ndim)
        self.stride = stride
        self.pad = pad
        self.outsize = outsize
        self.dilate = as_tuple(dilate, ndim)
        self.groups = int(groups)
        init_weight_and_bias(self, initialW, in_channels, nobias, initial_bias, out_channels)

    def _initialize_params(self, in_channels):
        check_groups(self.out_channels, in_channels, self.groups)
        self.W.initialize((in_channels, self.out_channels // self.groups) + self.ksize)

    def forward(self, x):
        """Apply the transposed convolution.

        Parameters
        ----------
        x : Variable or array of shape ``(n, in_channels, d_1, ..., d_N)``

        Returns
        -------
        Variable of shape ``(n, out_channels, d_1', ..., d_N')``
        """
        if self.W.array is None:
            self._initialize_params(x.shape[1])
        return F.deconvolution_nd(x, self.W, b=self.b, stride=self.stride, pad=self.pad,
                                  outsize=self.outsize, dilate=self.dilate, groups=self.groups)


class Deconvolution1D(DeconvolutionND):
    """A one-dimensional deconvolution layer (:class:`DeconvolutionND` with ``ndim=1``)."""

    def __init__(self, in_channels, out_channels, ksize=None, stride=1, pad=0, nobias=False,
                 outsize=None, initialW=None, initial_bias=None, dilate=1, groups=1):
        super().__init__(1, in_channels, out_channels, ksize, stride, pad, nobias, outsize,
                         initialW, initial_bias, dilate, groups)


class Deconvolution3D(DeconvolutionND):
    """A three-dimensional deconvolution layer (:class:`DeconvolutionND` with ``ndim=3``)."""

    def __init__(self, in_channels, out_channels, ksize=None, stride=1, pad=0, nobias=False,
                 outsize=None, initialW=None, initial_bias=None, dilate=1, groups=1):
        super().__init__(3, in_channels, out_channels, ksize, stride, pad, nobias, outsize,
                         initialW, initial_bias, dilate, groups)
