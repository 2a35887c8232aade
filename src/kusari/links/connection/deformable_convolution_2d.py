"""DeformableConvolution2D: a convolution whose sampling offsets come from another
convolution of the same input."""
from kusari import initializers, link
from kusari.links.connection._util import pair
from kusari.links.connection.convolution_2d import Convolution2D
from kusari.variable import Parameter


class DeformableConvolution2D(link.Chain):
    """Two-dimensional deformable convolution (Dai et al., 2017).

    ``offset_conv`` (a :class:`Convolution2D` with ``2 * k_H * k_W`` outputs) computes the
    offsets of the sampling points from the input, and ``deform_conv`` (a
    :class:`DeformableConvolution2DSampler`) convolves the input sampled there.

    Parameters
    ----------
    in_channels : int or None
        Input channels (None: from the first input).
    out_channels : int
    ksize : int or pair of ints
    stride, pad : int or pair of ints
    offset_nobias, offset_initialW, offset_initial_bias
        ``nobias``, ``initialW`` and ``initial_bias`` of ``offset_conv``.
    deform_nobias, deform_initialW, deform_initial_bias
        Those of ``deform_conv`` (its weights default to zero).
    """

    def __init__(self, in_channels, out_channels, ksize, stride=1, pad=0, offset_nobias=False,
                 offset_initialW=None, offset_initial_bias=None, deform_nobias=False,
                 deform_initialW=None, deform_initial_bias=None):
        super().__init__()
        kh, kw = pair(ksize)
        with self.init_scope():
            self.offset_conv = Convolution2D(
                in_channels, 2 * kh * kw, ksize, stride, pad, offset_nobias, offset_initialW,
                offset_initial_bias)
            self.deform_conv = DeformableConvolution2DSampler(
                in_channels, out_channels, ksize, stride, pad, deform_nobias, deform_initialW,
                deform_initial_bias)

    def forward(self, x):
        """Apply the layer to ``x`` of shape ``(n, in_channels, h, w)``.

        Returns
        -------
        Variable of shape ``(n, out_channels, h_O, w_O)``
        """
        return self.deform_conv(x, self.offset_conv(x))


class DeformableConvolution2DSampler(link.Link):
    """The convolution of :class:`DeformableConvolution2D`: parameters of
    :func:`~kusari.functions.deformable_convolution_2d_sampler`, given the offsets.

    Parameters
    ----------
    in_channels : int or None
    out_channels : int
    ksize : int or pair of ints
    stride, pad : int or pair of ints
    nobias : bool
    initialW, initial_bias : initializer, scalar or array, optional
        Both default to zero.

    Attributes
    ----------
    W : Parameter of shape ``(out_channels, in_channels, k_H, k_W)``
    b : Parameter of shape ``(out_channels,)`` or None
    """

    def __init__(self, in_channels, out_channels, ksize, stride=1, pad=0, nobias=False,
                 initialW=None, initial_bias=None):
        super().__init__()
        self.ksize = ksize
        self.stride = pair(stride)
        self.pad = pair(pad)
        self.out_channels = out_channels
        self.initialW = initialW
        with self.init_scope():
            self.W = Parameter(initializers._get_initializer(
                initializers.Zero() if initialW is None else initialW))
            if nobias:
                self.b = None
            else:
                self.b = Parameter(initializers._get_initializer(
                    0 if initial_bias is None else initial_bias))
        if in_channels is not None:
            self._initialize_params(in_channels)

    def _initialize_params(self, in_channels):
        kh, kw = pair(self.ksize)
        self.W.initialize((self.out_channels, in_channels, kh, kw))
        if self.b is not None:
            self.b.initialize(self.out_channels)

    def forward(self, x, offset):
        """Convolve ``x`` ``(n, in_channels, h, w)`` sampled at the regular grid moved by
        ``offset`` ``(n, 2 * k_H * k_W, h_O, w_O)``.

        Returns
        -------
        Variable of shape ``(n, out_channels, h_O, w_O)``
        """
        import kusari.functions as F
        if self.W.array is None:
            self._initialize_params(x.shape[1])
        return F.deformable_convolution_2d_sampler(x, offset, self.W, self.b, self.stride,
                                                   self.pad)
