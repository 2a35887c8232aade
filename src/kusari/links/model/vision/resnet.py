"""ResNet50Layers, ResNet101Layers and ResNet152Layers: the residual networks of He et al.
(2015), with Chainer's layer names (so Chainer's converted pretrained npz loads)."""
import collections
import warnings

from kusari import link
from kusari.links.model.vision import _common

_MEAN_BGR = (103.063, 115.903, 123.152)
_BLOCKS = {50: [3, 4, 6, 3], 101: [3, 4, 23, 3], 152: [3, 8, 36, 3]}


def __getattr__(name):
    if name == 'available':          # Chainer's flag: Pillow can be imported
        return _common.pil_available()
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))


def prepare(image, size=(224, 224)):
    """Convert an image to a ResNet input: RGB resized to ``size`` (PIL's
    ``(width, height)``; None keeps it), BGR minus the mean pixel
    ``(103.063, 115.903, 123.152)``, channels first, in ``config.dtype``.

    Parameters
    ----------
    image : PIL.Image or numpy.ndarray
        ``(H, W)``, ``(H, W, 3)``, ``(1, H, W)`` or ``(3, H, W)`` (values 0 to 255).
    size : pair of ints or None

    Returns
    -------
    numpy.ndarray
        ``(3, height, width)``.
    """
    return _common.prepare_image(image, size, _MEAN_BGR)


def _global_average_pooling_2d(x):
    import kusari.functions as F
    n, channels, rows, cols = x.shape
    return F.reshape(F.average_pooling_2d(x, (rows, cols), stride=1), (n, channels))


def _max_pooling_2d(x):
    import kusari.functions as F
    return F.max_pooling_2d(x, ksize=3, stride=2)


class ResNetLayers(_common.VisionModel):
    """A residual network of 50, 101 or 152 layers (the base of :class:`ResNet50Layers`,
    :class:`ResNet101Layers` and :class:`ResNet152Layers`).

    Layers (``available_layers``): conv1, pool1, res2, res3, res4, res5, pool5, fc6, prob.
    A ``(n, 3, 224, 224)`` input gives ``(n, 1000)`` probabilities; ``pool5`` is
    ``(n, 2048)``.

    Parameters
    ----------
    pretrained_model : str or None
        A path ending in ``.caffemodel`` (``'auto'`` means ``ResNet-<n>-model.caffemodel``):
        Chainer's npz converted from it, ``ResNet-<n>-model.npz``, from the dataset folder
        ``<root>/pfnet/chainer/models`` (FileNotFoundError, saying where and how to get it,
        when missing: kusari does not convert Caffe models); another path: that npz; None:
        random weights (He normal). With a file the parameters start at zero and are then
        loaded.
    n_layers : int
        50, 101 or 152.
    downsample_fb : bool
        Downsample in the 3x3 convolution of each first bottleneck (Facebook's ResNet)
        instead of the 1x1 (MSRA's, as the pretrained models).
    """

    prepare = staticmethod(prepare)

    def __init__(self, pretrained_model, n_layers, downsample_fb=False):
        from kusari import initializers
        from kusari.links.connection.convolution_2d import Convolution2D
        from kusari.links.connection.linear import Linear
        from kusari.links.normalization.batch_normalization import BatchNormalization
        super().__init__()
        if pretrained_model:
            conv_kwargs = {'initialW': initializers.Zero()}
        else:
            conv_kwargs = {'initialW': initializers.HeNormal(scale=1.0)}
        kwargs = dict(conv_kwargs, downsample_fb=downsample_fb)
        if n_layers not in _BLOCKS:
            raise ValueError('The n_layers argument should be either 50, 101, or 152, but {} '
                             'was given.'.format(n_layers))
        block = _BLOCKS[n_layers]
        w = self._w
        with self.init_scope():
            self.conv1 = Convolution2D(3, w(64), 7, 2, 3, **conv_kwargs)
            self.bn1 = BatchNormalization(w(64))
            self.res2 = BuildingBlock(block[0], w(64), w(64), w(256), 1, **kwargs)
            self.res3 = BuildingBlock(block[1], w(256), w(128), w(512), 2, **kwargs)
            self.res4 = BuildingBlock(block[2], w(512), w(256), w(1024), 2, **kwargs)
            self.res5 = BuildingBlock(block[3], w(1024), w(512), w(2048), 2, **kwargs)
            self.fc6 = Linear(w(2048), 1000)
        if pretrained_model == 'auto':
            pretrained_model = 'ResNet-{}-model.caffemodel'.format(n_layers)
        if pretrained_model and pretrained_model.endswith('.caffemodel'):
            _common.load_pretrained(
                self, 'auto', 'ResNet-{}-model.npz'.format(n_layers),
                '{} (from https://github.com/KaimingHe/deep-residual-networks)'.format(
                    pretrained_model))
        elif pretrained_model:
            _common.load_pretrained(self, pretrained_model, None, None)

    @property
    def functions(self):
        """The layers in order."""
        import kusari.functions as F
        return collections.OrderedDict([
            ('conv1', [self.conv1, self.bn1, F.relu]),
            ('pool1', [_max_pooling_2d]),
            ('res2', [self.res2]),
            ('res3', [self.res3]),
            ('res4', [self.res4]),
            ('res5', [self.res5]),
            ('pool5', [_global_average_pooling_2d]),
            ('fc6', [self.fc6]),
            ('prob', [F.softmax]),
        ])


class ResNet50Layers(ResNetLayers):
    """The 50-layer residual network (bottleneck blocks 3, 4, 6, 3).

    Parameters
    ----------
    pretrained_model : str or None
        See :class:`ResNetLayers` (``'auto'`` reads ``ResNet-50-model.npz``).
    downsample_fb : bool
    """

    def __init__(self, pretrained_model='auto', downsample_fb=False):
        if pretrained_model == 'auto':
            pretrained_model = 'ResNet-50-model.caffemodel'
        super().__init__(pretrained_model, 50, downsample_fb)


class ResNet101Layers(ResNetLayers):
    """The 101-layer residual network (bottleneck blocks 3, 4, 23, 3).

    Parameters
    ----------
    pretrained_model : str or None
        See :class:`ResNetLayers` (``'auto'`` reads ``ResNet-101-model.npz``).
    downsample_fb : bool
    """

    def __init__(self, pretrained_model='auto', downsample_fb=False):
        if pretrained_model == 'auto':
            pretrained_model = 'ResNet-101-model.caffemodel'
        super().__init__(pretrained_model, 101, downsample_fb)


class ResNet152Layers(ResNetLayers):
    """The 152-layer residual network (bottleneck blocks 3, 8, 36, 3).

    Parameters
    ----------
    pretrained_model : str or None
        See :class:`ResNetLayers` (``'auto'`` reads ``ResNet-152-model.npz``).
    downsample_fb : bool
    """

    def __init__(self, pretrained_model='auto', downsample_fb=False):
        if pretrained_model == 'auto':
            pretrained_model = 'ResNet-152-model.caffemodel'
        super().__init__(pretrained_model, 152, downsample_fb)


class BuildingBlock(link.Chain):
    """A stage of a residual network: one :class:`BottleneckA` (``a``) then ``n_layers - 1``
    :class:`BottleneckB` (``b1``, ``b2``, ...).

    Parameters
    ----------
    n_layers : int
    in_channels, mid_channels, out_channels : int
    stride : int
        The downsampling of ``a``.
    initialW : initializer, optional
    downsample_fb : bool
        Stride on the 3x3 (True) or the first 1x1 (False) convolution of ``a``.
    """

    def __init__(self, n_layers=None, in_channels=None, mid_channels=None, out_channels=None,
                 stride=None, initialW=None, downsample_fb=None, **kwargs):
        super().__init__()
        if 'n_layer' in kwargs:
            warnings.warn('Argument `n_layer` is deprecated. Please use `n_layers` instead',
                          DeprecationWarning)
            n_layers = kwargs.pop('n_layer')
        if kwargs:
            raise TypeError('BuildingBlock() got unexpected keyword argument(s) {}'.format(
                ', '.join(sorted(kwargs))))
        with self.init_scope():
            self.a = BottleneckA(in_channels, mid_channels, out_channels, stride, initialW,
                                 downsample_fb)
            self._forward = ['a']
            for i in range(n_layers - 1):
                name = 'b{}'.format(i + 1)
                setattr(self, name, BottleneckB(out_channels, mid_channels, initialW))
                self._forward.append(name)

    def forward(self, x):
        """Apply the bottlenecks in order."""
        for name in self._forward:
            x = getattr(self, name)(x)
        return x


class BottleneckA(link.Chain):
    """A bottleneck that changes the number of channels (and downsamples): 1x1, 3x3 and 1x1
    convolutions with batch normalization, plus a 1x1 convolution on the shortcut.

    Parameters
    ----------
    in_channels, mid_channels, out_channels : int
    stride : int
    initialW : initializer, optional
    downsample_fb : bool
        Stride on the 3x3 convolution (True) or the first 1x1 (False).
    """

    def __init__(self, in_channels, mid_channels, out_channels, stride=2, initialW=None,
                 downsample_fb=False):
        from kusari.links.connection.convolution_2d import Convolution2D
        from kusari.links.normalization.batch_normalization import BatchNormalization
        super().__init__()
        stride_1x1, stride_3x3 = (1, stride) if downsample_fb else (stride, 1)
        with self.init_scope():
            self.conv1 = Convolution2D(in_channels, mid_channels, 1, stride_1x1, 0,
                                       initialW=initialW, nobias=True)
            self.bn1 = BatchNormalization(mid_channels)
            self.conv2 = Convolution2D(mid_channels, mid_channels, 3, stride_3x3, 1,
                                       initialW=initialW, nobias=True)
            self.bn2 = BatchNormalization(mid_channels)
            self.conv3 = Convolution2D(mid_channels, out_channels, 1, 1, 0, initialW=initialW,
                                       nobias=True)
            self.bn3 = BatchNormalization(out_channels)
            self.conv4 = Convolution2D(in_channels, out_channels, 1, stride, 0,
                                       initialW=initialW, nobias=True)
            self.bn4 = BatchNormalization(out_channels)

    def forward(self, x):
        """``relu(main(x) + shortcut(x))``."""
        import kusari.functions as F
        h1 = F.relu(self.bn1(self.conv1(x)))
        h1 = F.relu(self.bn2(self.conv2(h1)))
        h1 = self.bn3(self.conv3(h1))
        h2 = self.bn4(self.conv4(x))
        return F.relu(h1 + h2)


class BottleneckB(link.Chain):
    """A bottleneck that keeps the shape: 1x1, 3x3 and 1x1 convolutions with batch
    normalization, plus the identity.

    Parameters
    ----------
    in_channels, mid_channels : int
    initialW : initializer, optional
    """

    def __init__(self, in_channels, mid_channels, initialW=None):
        from kusari.links.connection.convolution_2d import Convolution2D
        from kusari.links.normalization.batch_normalization import BatchNormalization
        super().__init__()
        with self.init_scope():
            self.conv1 = Convolution2D(in_channels, mid_channels, 1, 1, 0, initialW=initialW,
                                       nobias=True)
            self.bn1 = BatchNormalization(mid_channels)
            self.conv2 = Convolution2D(mid_channels, mid_channels, 3, 1, 1, initialW=initialW,
                                       nobias=True)
            self.bn2 = BatchNormalization(mid_channels)
            self.conv3 = Convolution2D(mid_channels, in_channels, 1, 1, 0, initialW=initialW,
                                       nobias=True)
            self.bn3 = BatchNormalization(in_channels)

    def forward(self, x):
        """``relu(main(x) + x)``."""
        import kusari.functions as F
        h = F.relu(self.bn1(self.conv1(x)))
        h = F.relu(self.bn2(self.conv2(h)))
        h = self.bn3(self.conv3(h))
        return F.relu(h + x)
