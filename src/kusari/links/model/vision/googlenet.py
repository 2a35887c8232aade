"""GoogLeNet: the Inception network of Szegedy et al. (2014), with Chainer's layer names (so
Chainer's converted pretrained npz loads)."""
import collections

from kusari.links.model.vision import _common

_MEAN_BGR = (104.0, 117.0, 123.0)


def __getattr__(name):
    if name == 'available':          # Chainer's flag: Pillow can be imported
        return _common.pil_available()
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))


def prepare(image, size=(224, 224)):
    """Convert an image to a GoogLeNet input: RGB resized to ``size`` (PIL's
    ``(width, height)``; None keeps it), BGR minus the mean pixel ``(104, 117, 123)``,
    channels first, in ``config.dtype``.

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
    return F.max_pooling_2d(x, ksize=3, stride=2)


def _local_response_normalization(x):
    import kusari.functions as F
    return F.local_response_normalization(x, n=5, k=1, alpha=1e-4 / 5)


def _average_pooling_2d_k5(x):
    import kusari.functions as F
    return F.average_pooling_2d(x, ksize=5, stride=3)


def _average_pooling_2d_k7(x):
    import kusari.functions as F
    return F.average_pooling_2d(x, ksize=7, stride=1)


def _dropout(x):
    import kusari.functions as F
    return F.dropout(x, ratio=0.4)


# name: (in_channels, out1, proj3, out3, proj5, out5, proj_pool)
_INCEPTIONS = collections.OrderedDict([
    ('inc3a', (192, 64, 96, 128, 16, 32, 32)), ('inc3b', (256, 128, 128, 192, 32, 96, 64)),
    ('inc4a', (480, 192, 96, 208, 16, 48, 64)), ('inc4b', (512, 160, 112, 224, 24, 64, 64)),
    ('inc4c', (512, 128, 128, 256, 24, 64, 64)), ('inc4d', (512, 112, 144, 288, 32, 64, 64)),
    ('inc4e', (528, 256, 160, 320, 32, 128, 128)), ('inc5a', (832, 256, 160, 320, 32, 128, 128)),
    ('inc5b', (832, 384, 192, 384, 48, 128, 128)),
])


class GoogLeNet(_common.VisionModel):
    """GoogLeNet (Inception v1) with its two auxiliary classifiers.

    Layers (``available_layers``): conv1, pool1, conv2_reduce, conv2, pool2, inception_3a,
    inception_3b, pool3, inception_4a to inception_4e, pool4, inception_5a, inception_5b,
    pool5, loss3_fc, prob, and the auxiliary outputs loss1_fc2 (from inception_4a) and
    loss2_fc2 (from inception_4d), computed only when asked for. A ``(n, 3, 224, 224)`` input
    gives ``(n, 1000)`` probabilities.

    Parameters
    ----------
    pretrained_model : str or None
        ``'auto'``: Chainer's converted ``bvlc_googlenet.npz`` from the dataset folder
        ``<root>/pfnet/chainer/models`` (FileNotFoundError, saying where and how to get it,
        when missing); a path: that npz; None: random weights (LeCun uniform). With a file the
        parameters start at zero and are then loaded.
    """

    _removed_kwarg = 'train'
    prepare = staticmethod(prepare)

    def __init__(self, pretrained_model='auto'):
        from kusari import initializers
        from kusari.links.connection.convolution_2d import Convolution2D
        from kusari.links.connection.inception import Inception
        from kusari.links.connection.linear import Linear
        super().__init__()
        if pretrained_model:
            kwargs = {'initialW': initializers.Zero()}
        else:
            kwargs = {'initialW': initializers.LeCunUniform(scale=1.0)}
        w = self._w
        with self.init_scope():
            self.conv1 = Convolution2D(3, w(64), 7, stride=2, pad=3, **kwargs)
            self.conv2_reduce = Convolution2D(w(64), w(64), 1, **kwargs)
            self.conv2 = Convolution2D(w(64), w(192), 3, stride=1, pad=1, **kwargs)
            for name, channels in _INCEPTIONS.items():
                setattr(self, name, Inception(*[w(c) for c in channels]))
            self.loss3_fc = Linear(w(1024), 1000, **kwargs)
            self.loss1_conv = Convolution2D(w(512), w(128), 1, **kwargs)
            self.loss1_fc1 = Linear(w(128) * 16, w(1024), **kwargs)
            self.loss1_fc2 = Linear(w(1024), 1000, **kwargs)
            self.loss2_conv = Convolution2D(w(528), w(128), 1, **kwargs)
            self.loss2_fc1 = Linear(w(128) * 16, w(1024), **kwargs)
            self.loss2_fc2 = Linear(w(1024), 1000, **kwargs)
        if pretrained_model:
            _common.load_pretrained(self, pretrained_model, 'bvlc_googlenet.npz',
                                    'http://dl.caffe.berkeleyvision.org/bvlc_googlenet.caffemodel')

    @property
    def functions(self):
        """The layers in order, the auxiliary classifiers last."""
        import kusari.functions as F
        return collections.OrderedDict([
            ('conv1', [self.conv1, F.relu]),
            ('pool1', [_max_pooling_2d, _local_response_normalization]),
            ('conv2_reduce', [self.conv2_reduce, F.relu]),
            ('conv2', [self.conv2, F.relu, _local_response_normalization]),
            ('pool2', [_max_pooling_2d]),
            ('inception_3a', [self.inc3a]),
            ('inception_3b', [self.inc3b]),
            ('pool3', [_max_pooling_2d]),
            ('inception_4a', [self.inc4a]),
            ('inception_4b', [self.inc4b]),
            ('inception_4c', [self.inc4c]),
            ('inception_4d', [self.inc4d]),
            ('inception_4e', [self.inc4e]),
            ('pool4', [_max_pooling_2d]),
            ('inception_5a', [self.inc5a]),
            ('inception_5b', [self.inc5b]),
            ('pool5', [_average_pooling_2d_k7]),
            ('loss3_fc', [_dropout, self.loss3_fc]),
            ('prob', [F.softmax]),
            # after 'prob', so that they are computed only when asked for
            ('loss1_fc2', [_average_pooling_2d_k5, self.loss1_conv, F.relu, self.loss1_fc1,
                           F.relu, self.loss1_fc2]),
            ('loss2_fc2', [_average_pooling_2d_k5, self.loss2_conv, F.relu, self.loss2_fc1,
                           F.relu, self.loss2_fc2]),
        ])

    def _run(self, x, layers):
        self._cache = {}
        try:
            return super()._run(x, layers)
        finally:
            del self._cache

    def _enter(self, key, h):
        # the auxiliary classifiers start from inception_4a and inception_4d
        source = {'loss1_fc2': 'inception_4a', 'loss2_fc2': 'inception_4d'}.get(key)
        return h if source is None else self._cache[source]

    def _leave(self, key, h):
        if key in ('inception_4a', 'inception_4d'):
            self._cache[key] = h
