"""InceptionBN: the Inception module with batch normalization (Inception v2)."""
from kusari import link
from kusari.configuration import get_dtype
from kusari.links.connection.convolution_2d import Convolution2D
from kusari.links.normalization.batch_normalization import BatchNormalization


class InceptionBN(link.Chain):
    """The Inception module of Ioffe and Szegedy (2015), with batch normalization after every
    convolution.

    The output concatenates along channels: an optional 1x1 convolution (``out1 > 0``), a 1x1
    then 3x3 convolution, a 1x1 then two 3x3 convolutions, and a 3x3 max or average pooling
    (optionally followed by a 1x1 convolution), each convolution followed by batch
    normalization and ReLU. With ``stride > 1`` the 3x3 branches and the pooling downsample.

    Parameters
    ----------
    in_channels : int or None
    out1 : int
        Channels of the 1x1 branch (0: no such branch; then ``stride`` may exceed 1).
    proj3, out3 : int
        Channels of the 1x1 projection and of the 3x3 convolution.
    proj33, out33 : int
        Channels of the 1x1 projection and of the two 3x3 convolutions.
    pooltype : str
        ``'max'`` or ``'avg'``.
    proj_pool : int or None
        Channels of the 1x1 convolution after the pooling (None: the pooled input as is).
    stride : int
        Stride of the 3x3 branches and the pooling.
    conv_init : initializer, optional
    dtype : dtype, optional
        Dtype of the batch normalization statistics (``config.dtype`` by default).

    Raises
    ------
    NotImplementedError
        If ``pooltype`` is neither ``'max'`` nor ``'avg'``.
    """

    def __init__(self, in_channels, out1, proj3, out3, proj33, out33, pooltype,
                 proj_pool=None, stride=1, conv_init=None, dtype=None):
        super().__init__()
        self.out1 = out1
        self.proj_pool = proj_pool
        self.stride = stride
        self.pooltype = pooltype
        if pooltype != 'max' and pooltype != 'avg':
            raise NotImplementedError(
                "InceptionBN: pooltype must be 'max' or 'avg', not {!r}".format(pooltype))
        dtype = get_dtype(dtype)

        def conv(cin, cout, k, **kw):
            return Convolution2D(cin, cout, k, nobias=True, initialW=conv_init, **kw)

        with self.init_scope():
            self.proj3 = conv(in_channels, proj3, 1)
            self.conv3 = conv(proj3, out3, 3, pad=1, stride=stride)
            self.proj33 = conv(in_channels, proj33, 1)
            self.conv33a = conv(proj33, out33, 3, pad=1)
            self.conv33b = conv(out33, out33, 3, pad=1, stride=stride)
            self.proj3n = BatchNormalization(proj3, dtype=dtype)
            self.conv3n = BatchNormalization(out3, dtype=dtype)
            self.proj33n = BatchNormalization(proj33, dtype=dtype)
            self.conv33an = BatchNormalization(out33, dtype=dtype)
            self.conv33bn = BatchNormalization(out33, dtype=dtype)
            if out1 > 0:
                assert stride == 1
                assert proj_pool is not None
                self.conv1 = conv(in_channels, out1, 1, stride=stride)
                self.conv1n = BatchNormalization(out1, dtype=dtype)
            if proj_pool is not None:
                self.poolp = conv(in_channels, proj_pool, 1)
                self.poolpn = BatchNormalization(proj_pool, dtype=dtype)

    def forward(self, x):
        """Apply the module to ``x`` of shape ``(n, in_channels, h, w)``.

        Returns
        -------
        Variable
            Shape ``(n, out1 + out3 + out33 + (proj_pool or in_channels), h', w')``.
        """
        import kusari.functions as F
        outs = []
        if self.out1 > 0:
            outs.append(F.relu(self.conv1n(self.conv1(x))))
        h3 = F.relu(self.proj3n(self.proj3(x)))
        outs.append(F.relu(self.conv3n(self.conv3(h3))))
        h33 = F.relu(self.proj33n(self.proj33(x)))
        h33 = F.relu(self.conv33an(self.conv33a(h33)))
        outs.append(F.relu(self.conv33bn(self.conv33b(h33))))
        if self.pooltype == 'max':
            p = F.max_pooling_2d(x, 3, stride=self.stride, pad=1, cover_all=False)
        else:
            p = F.average_pooling_2d(x, 3, stride=self.stride, pad=1)
        if self.proj_pool is not None:
            p = F.relu(self.poolpn(self.poolp(p)))
        outs.append(p)
        return F.concat(outs, axis=1)
