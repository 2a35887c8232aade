"""ConvolutionND (and Convolution1D / Convolution3D): N-dimensional convolution layers."""
import kusari.functions as F
from kusari import link
from kusari.links.connection._util import as_tuple, check_groups, init_weight_and_bias
from kusari.variable import as_array


class ConvolutionND(link.Link):
    """An N-dimensional convolution layer.

    Parameters
    ----------
    ndim : int
        The number of spatial dimensions.
    in_channels : int or None
        Input channels (None: set at the first forward pass; ``ConvolutionND(ndim,
        out_channels, ksize)`` is accepted too).
    out_channels : int
    ksize : int or tuple of ints
    stride, pad : int or tuple of ints
    nobias : bool
    initialW, initial_bias : initializer, scalar or array, optional
    cover_all : bool
        Cover every input element with the last window.
    dilate : int or tuple of ints
    groups : int

    Attributes
    ----------
    W : Parameter of shape ``(out_channels, in_channels / groups) + ksize``
    b : Parameter of shape ``(out_channels,)`` or None
    """

    def __init__(self, ndim, in_channels, out_channels, ksize=None, stride=1, pad=0,
                 nobias=False, initialW=None, initial_bias=None, cover_all=False, dilate=1,
                 groups=1):
        super().__init__()
        if ksize is None:
            out_channels, ksize, in_channels = in_channels, out_channels, None
        self.out_channels = out_channels
        self.ksize = as_tuple(ksize, ndim)
        self.stride = stride
        self.pad = pad
        self.cover_all = cover_all
        self.dilate = as_tuple(dilate, ndim)
        self.groups = int(groups)
        init_weight_and_bias(self, initialW, in_channels, nobias, initial_bias, out_channels)

    def _initialize_params(self, in_channels):
        check_groups(self.out_channels, in_channels, self.groups)
        self.W.initialize((self.out_channels, in_channels // self.groups) + self.ksize)

    @classmethod
    def from_params(cls, W, b=None, stride=1, pad=0, nobias=False, *, cover_all=False,
                    dilate=1, groups=1):
        """A ConvolutionND holding copies of the arrays ``W`` (and ``b``)."""
        out_channels, in_per_group, *ksize = W.shape
        if b is not None and out_channels != b.size:
            raise ValueError('`out_channels` does not match the size of `b`')
        return cls(len(ksize), in_per_group * groups, out_channels, tuple(ksize), stride, pad,
                   nobias, initialW=as_array(W),
                   initial_bias=None if b is None else as_array(b), cover_all=cover_all,
                   dilate=dilate, groups=groups)

    def forward(self, x):
        """Apply the convolution.

        Parameters
        ----------
        x : Variable or array of shape ``(n, in_channels, d_1, ..., d_N)``

        Returns
        -------
        Variable of shape ``(n, out_channels, d_1', ..., d_N')``
        """
        if self.W.array is None:
            self._initialize_params(x.shape[1])
        return F.convolution_nd(x, self.W, self.b, self.stride, self.pad,
                                cover_all=self.cover_all, dilate=self.dilate,
                                groups=self.groups)


class Convolution1D(ConvolutionND):
    """A one-dimensional convolution layer (:class:`ConvolutionND` with ``ndim=1``)."""

    def __init__(self, in_channels, out_channels, ksize=None, stride=1, pad=0, nobias=False,
                 initialW=None, initial_bias=None, cover_all=False, dilate=1, groups=1):
        super().__init__(1, in_channels, out_channels, ksize, stride, pad, nobias, initialW,
                         initial_bias, cover_all, dilate, groups)


class Convolution3D(ConvolutionND):
    """A three-dimensional convolution layer (:class:`ConvolutionND` with ``ndim=3``)."""

    def __init__(self, in_channels, out_channels, ksize=None, stride=1, pad=0, nobias=False,
                 initialW=None, initial_bias=None, cover_all=False, dilate=1, groups=1):
        super().__init__(3, in_channels, out_channels, ksize, stride, pad, nobias, initialW,
                         initial_bias, cover_all, dilate, groups)
