"""What the vision models share: picking layers, extract / predict, image preparation, and
loading Chainer's converted pretrained weights.

The models hold Chainer's layer names, so an npz that Chainer 7.8.1 wrote for them (the file
its ``pretrained_model='auto'`` caches, converted from the Caffe model) loads with
:func:`kusari.serializers.load_npz`. kusari does not read Caffe models itself: Chainer's
conversion goes through its ``CaffeFunction`` (protobuf), which kusari does not have.
"""
import os

import numpy

from kusari import link
from kusari.configuration import get_dtype

MODEL_FOLDER = 'pfnet/chainer/models/'


def pil_available():
    """Whether Pillow (the ``pillow`` extra) can be imported."""
    try:
        import PIL.Image  # noqa: F401
    except ImportError:
        return False
    return True


def prepare_image(image, size, mean_bgr):
    """An image as a model input: RGB resized to ``size``, then BGR minus ``mean_bgr``,
    channels first, in ``config.dtype``.

    Parameters
    ----------
    image : PIL.Image or numpy.ndarray
        ``(H, W)``, ``(H, W, 3)``, ``(1, H, W)`` or ``(3, H, W)`` array (values 0 to 255), or a
        PIL image.
    size : pair of ints or None
        Passed to ``PIL.Image.resize`` (``(width, height)``); None keeps the size.
    mean_bgr : sequence of 3 floats
        The mean pixel subtracted.

    Returns
    -------
    numpy.ndarray
        ``(3, height, width)``.
    """
    try:
        from PIL import Image
    except ImportError as e:
        raise ImportError("prepare needs Pillow: pip install 'kusari[pillow]'") from e
    dtype = get_dtype()
    if isinstance(image, numpy.ndarray):
        if image.ndim == 3:
            if image.shape[0] == 1:
                image = image[0, :, :]
            elif image.shape[0] == 3:
                image = image.transpose((1, 2, 0))
        image = Image.fromarray(image.astype(numpy.uint8))
    image = image.convert('RGB')
    if size:
        image = image.resize(size)
    image = numpy.asarray(image, dtype=dtype)[:, :, ::-1]
    image = image - numpy.array(mean_bgr, dtype=dtype)
    return numpy.ascontiguousarray(image.transpose((2, 0, 1)))


def _check_forward_kwargs(kwargs, name):
    if name in kwargs:
        raise ValueError('{} argument is not supported anymore. Use '
                         'chainer.using_config'.format(name))
    if kwargs:
        raise TypeError('got unexpected keyword argument(s): {}'.format(
            ', '.join(sorted(kwargs))))


class VisionModel(link.Chain):
    """The layer-picking forward, ``extract`` and ``predict`` of the vision models.

    Subclasses define :attr:`functions` (an ordered mapping from layer names to the callables
    that produce them), :meth:`prepare` and the defaults below.
    """

    _removed_kwarg = 'test'           # the old keyword forward() refuses with Chainer's message
    _extract_layers = ('pool5',)      # extract()'s default layers
    # Private: every hidden width is divided by this (the tests build the architectures
    # narrow; the names, the depth and the 1000 classes are kept).
    _width = 1

    @classmethod
    def _w(cls, channels):
        return max(1, channels // cls._width)

    @property
    def functions(self):
        """The layers: an ordered dict from names to lists of callables."""
        raise NotImplementedError

    @property
    def available_layers(self):
        """The names of the layers :meth:`forward` can return, in order (a list)."""
        return list(self.functions.keys())

    @staticmethod
    def prepare(image, size=(224, 224)):
        raise NotImplementedError

    @classmethod
    def convert_caffemodel_to_npz(cls, path_caffemodel, path_npz, *args, **kwargs):
        """Not supported in kusari: Chainer converts Caffe models with its CaffeFunction.

        Raises
        ------
        NotImplementedError
            Always, saying how to get the npz with Chainer 7.8.1.
        """
        raise NotImplementedError(
            '{0}.convert_caffemodel_to_npz: kusari does not read Caffe models. Convert {1} '
            'with Chainer 7.8.1 (chainer.links.{0}.convert_caffemodel_to_npz({1!r}, {2!r})) '
            'and load the npz: {0}(pretrained_model={2!r}).'.format(
                cls.__name__, path_caffemodel, path_npz))

    def _run(self, x, layers):
        h = x
        activations = {}
        target = set(layers)
        for key, funcs in self.functions.items():
            if not target:
                break
            h = self._enter(key, h)
            for func in funcs:
                h = func(h)
            self._leave(key, h)
            if key in target:
                activations[key] = h
                target.remove(key)
        return activations

    def _enter(self, key, h):
        return h

    def _leave(self, key, h):
        pass

    def forward(self, x, layers=None, **kwargs):
        """Compute the layers named in ``layers`` (default ``['prob']``).

        Parameters
        ----------
        x : Variable or array
            ``(n, 3, h, w)`` images as :meth:`prepare` makes them.
        layers : list of str
            Names from :attr:`available_layers`; the computation stops after the last one.

        Returns
        -------
        dict
            From each requested name to its Variable.
        """
        _check_forward_kwargs(kwargs, self._removed_kwarg)
        return self._run(x, ['prob'] if layers is None else layers)

    def extract(self, images, layers=None, size=(224, 224), **kwargs):
        """Features of ``images``: :meth:`prepare` each, then :meth:`forward`.

        Parameters
        ----------
        images : list of PIL.Image or numpy.ndarray
        layers : list of str
            Default: ``pool5`` (``fc7`` for VGG).
        size : pair of ints or None
            The resize of :meth:`prepare` (None keeps each image's size; they must agree).

        Returns
        -------
        dict
            From each requested name to its Variable (batch of ``len(images)``).
        """
        from kusari.dataset.convert import concat_examples
        from kusari.variable import Variable
        if 'volatile' in kwargs:
            raise ValueError('volatile argument is not supported anymore. Use '
                             'chainer.using_config')
        _check_forward_kwargs(kwargs, self._removed_kwarg)
        x = concat_examples([self.prepare(img, size=size) for img in images])
        return self(Variable(self.device.send(x)), layers=list(
            self._extract_layers if layers is None else layers))

    def predict(self, images, oversample=True):
        """Class probabilities of ``images`` ``(len(images), 1000)``.

        Each image is prepared at 256 x 256; with ``oversample`` the probabilities are
        averaged over ten 224 x 224 crops (the corners and centre, and their mirror images),
        else the centre crop is used. Runs in test mode without building a graph.
        """
        import kusari.functions as F
        from kusari.configuration import using_config
        from kusari.dataset.convert import concat_examples
        from kusari.function import no_backprop_mode
        from kusari.variable import Variable
        x = concat_examples([self.prepare(img, size=(256, 256)) for img in images])
        if oversample:
            from kusari.utils import imgproc
            x = imgproc.oversample(x, crop_dims=(224, 224))
        else:
            x = x[:, :, 16:240, 16:240]
        with no_backprop_mode(), using_config('train', False):
            y = self(Variable(self.device.send(x)), layers=['prob'])['prob']
            if oversample:
                y = F.mean(F.reshape(y, (len(y) // 10, 10) + y.shape[1:]), axis=1)
        return y


def load_pretrained(model, pretrained_model, name_npz, source):
    """Load ``pretrained_model`` into ``model``: ``'auto'`` is Chainer's cached npz
    ``name_npz`` in the dataset folder, any other string a path to an npz.

    Raises
    ------
    FileNotFoundError
        For ``'auto'`` when the npz is not in its folder, naming the file, the folder and how
        to get it (``source``: where Chainer takes the Caffe model from).
    """
    from kusari.dataset import download
    from kusari.serializers import npz
    if pretrained_model != 'auto':
        npz.load_npz(pretrained_model, model)
        return
    folder = download.get_dataset_directory(MODEL_FOLDER, create_directory=False)
    path = os.path.join(folder, name_npz)
    if not os.path.exists(path):
        raise FileNotFoundError(
            "{cls}(pretrained_model='auto'): the pretrained weights {name} are not in {folder} "
            "(the dataset root is $KUSARI_DATASET_ROOT or ~/.kusari/dataset; "
            "kusari.dataset.set_dataset_root changes it). kusari neither downloads nor converts "
            "Caffe models: Chainer 7.8.1 writes this npz from {source} into "
            "$CHAINER_DATASET_ROOT/{sub} (~/.chainer/dataset/{sub} by default) the first "
            "time chainer.links.{cls}() runs; copy it into {folder}, or pass its path as "
            "pretrained_model.".format(cls=type(model).__name__, name=name_npz, folder=folder,
                                       source=source, sub=MODEL_FOLDER))
    npz.load_npz(path, model)
