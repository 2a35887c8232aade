"""LocalConvolution2D: the layer over local_convolution_2d (unshared filters)."""
from kusari import initializers, link
from kusari.links.connection._util import pair
from kusari.variable import Parameter


class LocalConvolution2D(link.Link):
    """A two-dimensional locally connected layer: a convolution without padding whose filter
    differs at each output position.

    Parameters
    ----------
    in_channels : int or None
        Input channels; None (or ``in_size`` None) defers creating ``W`` and ``b`` to the first
        forward pass.
    out_channels : int
        Output channels.
    in_size : int or pair of ints, optional
        The input's ``(h, w)``: the output's is ``((h - k_H) // s_Y + 1, (w - k_W) // s_X + 1)``
        (the filters are created for that size).
    ksize : int or pair of ints
        The filter size ``(k_H, k_W)``.
    stride : int or pair of ints
    nobias : bool
    initialW, initial_bias : initializer, scalar or array, optional
        Default: LeCun normal for ``W``, 0 for ``b``.

    Attributes
    ----------
    W : Parameter of shape ``(out_channels, h_O, w_O, in_channels, k_H, k_W)``
    b : Parameter of shape ``(out_channels, h_O, w_O)`` or None
    """

    def __init__(self, in_channels, out_channels, in_size=None, ksize=None, stride=1,
                 nobias=False, initialW=None, initial_bias=None, **kwargs):
        super().__init__()
        if kwargs:
            raise TypeError('LocalConvolution2D() got unexpected keyword argument(s) {}'.format(
                ', '.join(sorted(kwargs))))
        self.ksize = ksize
        self.stride = pair(stride)
        self.nobias = nobias
        self.out_channels = out_channels
        with self.init_scope():
            self.W = Parameter(initializers._get_initializer(initialW))
            if nobias:
                self.b = None
            else:
                self.b = Parameter(initializers._get_initializer(
                    0 if initial_bias is None else initial_bias))
            if in_channels is not None and in_size is not None:
                self._initialize_params(in_channels, pair(in_size))

    def _initialize_params(self, in_channels, in_size):
        kh, kw = pair(self.ksize)
        ih, iw = pair(in_size)
        oh = (ih - kh) // self.stride[0] + 1
        ow = (iw - kw) // self.stride[1] + 1
        self.W.initialize((self.out_channels, oh, ow, in_channels, kh, kw))
        if self.b is not None:
            self.b.initialize((self.out_channels, oh, ow))

    def forward(self, x):
        """Apply the layer to ``x`` of shape ``(n, in_channels, h, w)``.

        Returns
        -------
        Variable of shape ``(n, out_channels, h_O, w_O)``
        """
        import kusari.functions as F
        if self.W.array is None:
            self._initialize_params(x.shape[1], x.shape[2:])
        return F.local_convolution_2d(x, self.W, self.b, self.stride)
