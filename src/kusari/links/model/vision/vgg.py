"""VGG16Layers and VGG19Layers: the VGG networks of Simonyan and Zisserman (2014), with
Chainer's layer names (so Chainer's converted pretrained npz loads)."""
import collections

from kusari.links.model.vision import _common

_MEAN_BGR = (103.939, 116.779, 123.68)


def __getattr__(name):
    if name == 'available':          # Chainer's flag: Pillow can be imported
        return _common.pil_available()
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))


def prepare(image, size=(224, 224)):
    """Convert an image to a VGG input: RGB resized to ``size`` (PIL's ``(width, height)``;
    None keeps it), BGR minus the mean pixel ``(103.939, 116.779, 123.68)``, channels first,
    in ``config.dtype``.

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


def _max_pooling_2d(x):
    import kusari.functions as F
    return F.max_pooling_2d(x, ksize=2)


# (name, in, out); the 19-layer network adds conv3_4, conv4_4 and conv5_4
_CONVS = [('conv1_1', 3, 64), ('conv1_2', 64, 64), ('conv2_1', 64, 128),
          ('conv2_2', 128, 128), ('conv3_1', 128, 256), ('conv3_2', 256, 256),
          ('conv3_3', 256, 256), ('conv3_4', 256, 256), ('conv4_1', 256, 512),
          ('conv4_2', 512, 512), ('conv4_3', 512, 512), ('conv4_4', 512, 512),
          ('conv5_1', 512, 512), ('conv5_2', 512, 512), ('conv5_3', 512, 512),
          ('conv5_4', 512, 512)]


class VGGLayers(_common.VisionModel):
    """The VGG network with 16 or 19 weight layers (base of :class:`VGG16Layers` and
    :class:`VGG19Layers`).

    Parameters
    ----------
    pretrained_model : str or None
        ``'auto'``: Chainer's converted npz (``VGG_ILSVRC_16_layers.npz`` or ``..._19_...``)
        from the dataset folder ``<root>/pfnet/chainer/models`` (FileNotFoundError, saying
        where and how to get it, when missing); a path: that npz; None: random weights
        (normal with standard deviation 0.01, zero biases). With a file the parameters start
        at zero and are then loaded.
    n_layers : int
        16 or 19.
    """

    _extract_layers = ('fc7',)
    prepare = staticmethod(prepare)

    def __init__(self, pretrained_model='auto', n_layers=16):
        from kusari import initializers
        from kusari.links.connection.convolution_2d import Convolution2D
        from kusari.links.connection.linear import Linear
        super().__init__()
        if pretrained_model:
            init = initializers.Zero()
            kwargs = {'initialW': init, 'initial_bias': init}
        else:
            kwargs = {'initialW': initializers.Normal(0.01), 'initial_bias': initializers.Zero()}
        if n_layers not in [16, 19]:
            raise ValueError('The n_layers argument should be either 16 or 19, but {} was '
                             'given.'.format(n_layers))
        w = self._w
        with self.init_scope():
            for name, cin, cout in _CONVS:
                if n_layers == 19 or not name.endswith('_4'):
                    setattr(self, name, Convolution2D(3 if cin == 3 else w(cin), w(cout), 3, 1,
                                                      1, **kwargs))
            self.fc6 = Linear(w(512) * 7 * 7, w(4096), **kwargs)
            self.fc7 = Linear(w(4096), w(4096), **kwargs)
            self.fc8 = Linear(w(4096), 1000, **kwargs)
        if pretrained_model:
            name = 'VGG_ILSVRC_{}_layers'.format(n_layers)
            _common.load_pretrained(
                self, pretrained_model, name + '.npz',
                'https://www.robots.ox.ac.uk/~vgg/software/very_deep/caffe/{}.caffemodel'.format(
                    name))

    @property
    def functions(self):
        """The layers in order: ``conv1_1`` ... ``pool5``, ``fc6``, ``fc7``, ``fc8``, ``prob``."""
        import kusari.functions as F
        layers = [(name, [getattr(self, name), F.relu]) for name, _, _ in _CONVS
                  if name in self._children]
        return collections.OrderedDict(self._with_pools(layers) + [
            ('fc6', [self.fc6, F.relu, F.dropout]),
            ('fc7', [self.fc7, F.relu, F.dropout]),
            ('fc8', [self.fc8]),
            ('prob', [F.softmax]),
        ])

    @staticmethod
    def _with_pools(layers):
        """Insert ``poolK`` after the last convolution of each block ``K``."""
        out = []
        for i, (name, funcs) in enumerate(layers):
            out.append((name, funcs))
            block = name[4]
            if i + 1 == len(layers) or layers[i + 1][0][4] != block:
                out.append(('pool' + block, [_max_pooling_2d]))
        return out


class VGG16Layers(VGGLayers):
    """The 16-layer VGG network (configuration D).

    Layers (``available_layers``): conv1_1, conv1_2, pool1, conv2_1, conv2_2, pool2, conv3_1
    to conv3_3, pool3, conv4_1 to conv4_3, pool4, conv5_1 to conv5_3, pool5, fc6, fc7, fc8,
    prob. A ``(n, 3, 224, 224)`` input gives ``(n, 1000)`` probabilities.

    Parameters
    ----------
    pretrained_model : str or None
        See :class:`VGGLayers` (``'auto'`` reads ``VGG_ILSVRC_16_layers.npz``).
    """

    def __init__(self, pretrained_model='auto'):
        super().__init__(pretrained_model, 16)


class VGG19Layers(VGGLayers):
    """The 19-layer VGG network (configuration E): :class:`VGG16Layers` plus conv3_4,
    conv4_4 and conv5_4.

    Parameters
    ----------
    pretrained_model : str or None
        See :class:`VGGLayers` (``'auto'`` reads ``VGG_ILSVRC_19_layers.npz``).
    """

    def __init__(self, pretrained_model='auto'):
        super().__init__(pretrained_model, 19)
