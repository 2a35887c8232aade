"""The vision models, built narrow (every hidden width / 8, via the private ``_width``) so that
the tests stay small: the layer names, depth, spatial sizes and the 1000 classes are Chainer's.
The npz layout of each model (keys, shapes, dtypes) is checked against the one Chainer 7.8.1
writes (``tests/oracles/vision_npz_layout.json``, made by ``make_vision_layout.py``)."""
import importlib.util
import json
import os

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari.dataset import download
from kusari.links.model.vision import googlenet, resnet, vgg
from kusari.serializers import npz

pytest.importorskip('PIL')

with open(os.path.join(os.path.dirname(__file__), '..', '..', 'oracles',
                       'vision_npz_layout.json')) as _f:
    LAYOUT = json.load(_f)

CLASSES = {'VGG16Layers': vgg.VGG16Layers, 'VGG19Layers': vgg.VGG19Layers,
           'GoogLeNet': googlenet.GoogLeNet, 'ResNet50Layers': resnet.ResNet50Layers,
           'ResNet101Layers': resnet.ResNet101Layers, 'ResNet152Layers': resnet.ResNet152Layers}
_TINY = {}


def tiny(name):
    """The narrow subclass of the model ``name``."""
    if name not in _TINY:
        _TINY[name] = type('Tiny' + name, (CLASSES[name],), {'_width': 8})
    return _TINY[name]


def _narrow(shape):
    """A full-size array shape divided as ``_width = 8`` divides it (not the 3 image
    channels, the kernel sizes, or the 1000 classes)."""
    if len(shape) == 4:
        return (shape[0] // 8, 3 if shape[1] == 3 else shape[1] // 8) + tuple(shape[2:])
    return tuple(s if s == 1000 else s // 8 for s in shape)


def _layout(model):
    s = npz.DictionarySerializer()
    s.save(model)
    return {k: (tuple(numpy.shape(v)), str(numpy.asarray(v).dtype)) for k, v in s.target.items()}


def _images(n, seed=0, shape=(40, 30, 3)):
    rng = numpy.random.default_rng(seed)
    return [rng.integers(0, 256, shape).astype(numpy.uint8) for _ in range(n)]


@pytest.mark.parametrize('name', sorted(CLASSES))
def test_npz_layout_is_chainers(name):
    ref = LAYOUT[name]['keys']
    got = _layout(tiny(name)(pretrained_model=None))
    assert sorted(got) == sorted(ref)
    for key, (shape, dtype) in ref.items():
        assert got[key] == (_narrow(shape), dtype), key
    assert tiny(name)(pretrained_model=None).available_layers == \
        LAYOUT[name]['available_layers']


def test_googlenet_full_size_layout():
    got = _layout(googlenet.GoogLeNet(pretrained_model=None))
    ref = LAYOUT['GoogLeNet']['keys']
    assert got == {k: (tuple(s), d) for k, (s, d) in ref.items()}


@pytest.mark.parametrize('name', sorted(CLASSES))
def test_loads_an_npz_with_chainers_keys(tmp_path, name):
    # a file laid out as Chainer's converted weights (narrowed), written without kusari
    rng = numpy.random.default_rng(0)
    arrays = {}
    for key, (shape, dtype) in LAYOUT[name]['keys'].items():
        arrays[key] = (rng.uniform(-1, 1, _narrow(shape)).astype(dtype) if dtype != 'int64'
                       else numpy.array(7))
    path = str(tmp_path / 'weights.npz')
    numpy.savez(path, **arrays)
    model = tiny(name)(pretrained_model=path)
    got = dict(model.namedparams())
    for key, value in arrays.items():
        if key.endswith(('/W', '/b', '/gamma', '/beta')):
            numpy.testing.assert_array_equal(got['/' + key].array, value)
    first_bn = 'bn1/avg_mean' if name.startswith('ResNet') else None
    if first_bn:
        numpy.testing.assert_array_equal(model.bn1.avg_mean, arrays[first_bn])
        assert model.bn1.N == 7


def test_random_initialization_and_zero_for_pretrained(tmp_path):
    model = tiny('VGG16Layers')(pretrained_model=None)
    assert model.conv1_1.W.array.std() > 0 and not model.conv1_1.b.array.any()
    path = str(tmp_path / 'v.npz')
    kusari.serializers.save_npz(path, model)
    loaded = tiny('VGG16Layers')(pretrained_model=path)
    numpy.testing.assert_array_equal(loaded.fc8.W.array, model.fc8.W.array)


@pytest.mark.parametrize('name,npz_name', [
    ('VGG16Layers', 'VGG_ILSVRC_16_layers.npz'), ('VGG19Layers', 'VGG_ILSVRC_19_layers.npz'),
    ('GoogLeNet', 'bvlc_googlenet.npz'), ('ResNet50Layers', 'ResNet-50-model.npz'),
    ('ResNet101Layers', 'ResNet-101-model.npz'), ('ResNet152Layers', 'ResNet-152-model.npz')])
def test_auto_reads_the_cached_npz_or_says_where_it_belongs(tmp_path, name, npz_name):
    root = download.get_dataset_root()
    download.set_dataset_root(str(tmp_path))
    try:
        folder = os.path.join(str(tmp_path), 'pfnet', 'chainer', 'models')
        with pytest.raises(FileNotFoundError) as e:
            tiny(name)(pretrained_model='auto')
        message = str(e.value)
        assert npz_name in message and folder in message and 'CHAINER_DATASET_ROOT' in message
        assert not os.path.exists(folder)     # a failed lookup creates nothing
        os.makedirs(folder)
        source = tiny(name)(pretrained_model=None)
        kusari.serializers.save_npz(os.path.join(folder, npz_name), source)
        model = tiny(name)()
        numpy.testing.assert_array_equal(model.conv1_1.W.array if 'VGG' in name
                                         else model.conv1.W.array,
                                         source.conv1_1.W.array if 'VGG' in name
                                         else source.conv1.W.array)
    finally:
        download.set_dataset_root(root)


def test_caffemodel_conversion_is_not_supported():
    with pytest.raises(NotImplementedError, match='convert_caffemodel_to_npz'):
        vgg.VGG16Layers.convert_caffemodel_to_npz('VGG.caffemodel', 'VGG.npz')
    with pytest.raises(NotImplementedError, match='Chainer 7.8.1'):
        resnet.ResNet50Layers.convert_caffemodel_to_npz('r.caffemodel', 'r.npz', n_layers=50)


def test_bad_depths():
    with pytest.raises(ValueError, match='either 16 or 19'):
        vgg.VGGLayers(pretrained_model=None, n_layers=11)
    with pytest.raises(ValueError, match='either 50, 101, or 152'):
        resnet.ResNetLayers(None, 34)


def _spatial(name, size):
    """The output height of each layer for a square input of ``size``."""
    if name.startswith('VGG'):
        out, s = {}, size
        for layer in LAYOUT[name]['available_layers']:
            if layer.startswith('pool'):
                s //= 2
            out[layer] = s
        return out
    raise NotImplementedError


@pytest.mark.parametrize('name', ['VGG16Layers', 'VGG19Layers'])
def test_vgg_shapes_of_every_layer(name):
    model = tiny(name)(pretrained_model=None)
    x = numpy.random.default_rng(0).uniform(-1, 1, (1, 3, 224, 224)).astype(numpy.float32)
    layers = model.available_layers
    out = model(x, layers=layers)
    assert sorted(out) == sorted(layers)
    sizes = _spatial(name, 224)
    for layer in layers:
        if layer.startswith(('conv', 'pool')):
            block = int(layer[4])
            assert out[layer].shape == (1, [64, 128, 256, 512, 512][block - 1] // 8,
                                        sizes[layer], sizes[layer]), layer
    assert out['fc6'].shape == out['fc7'].shape == (1, 512)
    assert out['fc8'].shape == out['prob'].shape == (1, 1000)
    numpy.testing.assert_allclose(out['prob'].array.sum(), 1, rtol=1e-5)


def test_googlenet_shapes_of_every_layer():
    model = tiny('GoogLeNet')(pretrained_model=None)
    x = numpy.random.default_rng(0).uniform(-1, 1, (2, 3, 224, 224)).astype(numpy.float32)
    out = model(x, layers=model.available_layers)
    expected = {'conv1': (8, 112), 'pool1': (8, 56), 'conv2_reduce': (8, 56),
                'conv2': (24, 56), 'pool2': (24, 28), 'inception_3a': (32, 28),
                'inception_3b': (60, 28), 'pool3': (60, 14), 'inception_4a': (64, 14),
                'inception_4b': (64, 14), 'inception_4c': (64, 14), 'inception_4d': (66, 14),
                'inception_4e': (104, 14), 'pool4': (104, 7), 'inception_5a': (104, 7),
                'inception_5b': (128, 7), 'pool5': (128, 1)}
    for layer, (c, s) in expected.items():
        assert out[layer].shape == (2, c, s, s), layer
    for layer in ('loss3_fc', 'prob', 'loss1_fc2', 'loss2_fc2'):
        assert out[layer].shape == (2, 1000), layer


def test_googlenet_auxiliary_outputs_start_from_inception_4a_and_4d():
    model = tiny('GoogLeNet')(pretrained_model=None)
    x = numpy.random.default_rng(1).uniform(-1, 1, (1, 3, 224, 224)).astype(numpy.float32)
    with kusari.using_config('train', False):
        out = model(x, layers=['inception_4a', 'inception_4d', 'loss1_fc2', 'loss2_fc2'])
        for aux, src, conv, fc1, fc2 in (
                ('loss1_fc2', 'inception_4a', model.loss1_conv, model.loss1_fc1,
                 model.loss1_fc2),
                ('loss2_fc2', 'inception_4d', model.loss2_conv, model.loss2_fc1,
                 model.loss2_fc2)):
            h = F.average_pooling_2d(out[src], 5, stride=3)
            expected = fc2(F.relu(fc1(F.relu(conv(h)))))
            numpy.testing.assert_allclose(out[aux].array, expected.array, rtol=1e-5, atol=1e-6)
    # asking for an auxiliary output alone works too (the stem is computed on the way)
    assert model(x, layers=['loss2_fc2'])['loss2_fc2'].shape == (1, 1000)


@pytest.mark.parametrize('name,downsample_fb', [('ResNet50Layers', False),
                                                ('ResNet50Layers', True),
                                                ('ResNet101Layers', False),
                                                ('ResNet152Layers', False)])
def test_resnet_shapes_of_every_layer(name, downsample_fb):
    model = tiny(name)(pretrained_model=None, downsample_fb=downsample_fb)
    blocks = {'ResNet50Layers': [3, 4, 6, 3], 'ResNet101Layers': [3, 4, 23, 3],
              'ResNet152Layers': [3, 8, 36, 3]}[name]
    assert [len(getattr(model, 'res{}'.format(i))._forward) for i in range(2, 6)] == blocks
    stride = (1, 2) if downsample_fb else (2, 1)
    assert (model.res3.a.conv1.stride, model.res3.a.conv2.stride) == ((stride[0],) * 2,
                                                                     (stride[1],) * 2)
    x = numpy.random.default_rng(0).uniform(-1, 1, (2, 3, 64, 64)).astype(numpy.float32)
    with kusari.using_config('train', False):
        out = model(x, layers=model.available_layers)
    expected = {'conv1': (8, 32), 'pool1': (8, 16), 'res2': (32, 16), 'res3': (64, 8),
                'res4': (128, 4), 'res5': (256, 2)}
    for layer, (c, s) in expected.items():
        assert out[layer].shape == (2, c, s, s), layer
    assert out['pool5'].shape == (2, 256)
    assert out['fc6'].shape == out['prob'].shape == (2, 1000)


def test_forward_stops_after_the_last_requested_layer():
    model = tiny('ResNet50Layers')(pretrained_model=None)
    calls = []
    model.res3.a.forward = lambda x: calls.append(x) or x
    out = model(numpy.ones((1, 3, 32, 32), numpy.float32), layers=['res2'])
    assert list(out) == ['res2'] and not calls


def test_forward_refuses_removed_keywords():
    with pytest.raises(ValueError, match='test argument is not supported'):
        tiny('ResNet50Layers')(pretrained_model=None)(numpy.ones((1, 3, 32, 32)), test=True)
    with pytest.raises(ValueError, match='train argument is not supported'):
        tiny('GoogLeNet')(pretrained_model=None)(numpy.ones((1, 3, 32, 32)), train=True)
    with pytest.raises(TypeError, match='unexpected keyword'):
        tiny('VGG16Layers')(pretrained_model=None)(numpy.ones((1, 3, 32, 32)), foo=1)


@pytest.mark.parametrize('module,mean', [(vgg, (103.939, 116.779, 123.68)),
                                         (googlenet, (104.0, 117.0, 123.0)),
                                         (resnet, (103.063, 115.903, 123.152))])
def test_prepare(module, mean):
    from PIL import Image
    rgb = _images(1, shape=(32, 24, 3))[0]
    y = module.prepare(rgb, size=None)
    assert y.shape == (3, 32, 24) and y.dtype == numpy.float32
    numpy.testing.assert_allclose(y, rgb[:, :, ::-1].transpose(2, 0, 1)
                                  - numpy.array(mean, numpy.float32)[:, None, None], rtol=1e-6)
    resized = module.prepare(rgb, size=(20, 10))               # PIL's (width, height)
    expected = numpy.asarray(Image.fromarray(rgb).resize((20, 10)), numpy.float32)
    numpy.testing.assert_allclose(resized[2] + mean[2], expected[:, :, 0], rtol=1e-6)
    gray = _images(1, shape=(32, 24))[0]
    assert module.prepare(gray).shape == (3, 224, 224)
    assert module.prepare(gray[None].astype(numpy.float32), size=None).shape == (3, 32, 24)
    assert module.prepare(rgb.transpose(2, 0, 1), size=None).shape == (3, 32, 24)
    with kusari.using_config('dtype', numpy.float16):
        assert module.prepare(rgb).dtype == numpy.float16
    assert module.available is True


def test_extract_is_prepare_then_forward():
    model = tiny('VGG16Layers')(pretrained_model=None)
    images = _images(2, shape=(50, 40, 3))
    with kusari.using_config('train', False):
        out = model.extract(images, layers=['pool1', 'fc7'])
        x = numpy.stack([vgg.prepare(im) for im in images])
        ref = model(x, layers=['pool1', 'fc7'])
    assert sorted(out) == ['fc7', 'pool1'] and out['pool1'].shape == (2, 8, 112, 112)
    for k in out:
        numpy.testing.assert_allclose(out[k].array, ref[k].array, rtol=1e-6)
    one = model.extract(_images(1, shape=(80, 60)), layers=['pool1'], size=None)
    assert one['pool1'].shape == (1, 8, 40, 30)


def test_extract_defaults():
    images = _images(1, shape=(40, 40, 3))
    assert list(tiny('VGG16Layers')(pretrained_model=None).extract(images)) == ['fc7']
    assert list(tiny('GoogLeNet')(pretrained_model=None).extract(images)) == ['pool5']
    with kusari.using_config('train', False):
        assert list(tiny('ResNet50Layers')(pretrained_model=None).extract(images)) == ['pool5']


def test_predict_centre_crop():
    model = tiny('ResNet50Layers')(pretrained_model=None)
    images = _images(2, shape=(60, 50, 3))
    y = model.predict(images, oversample=False)
    assert y.shape == (2, 1000) and y.dtype == numpy.float32 and y.creator is None
    x = numpy.stack([resnet.prepare(im, size=(256, 256)) for im in images])[:, :, 16:240,
                                                                             16:240]
    with kusari.using_config('train', False):
        ref = model(x)['prob']
    numpy.testing.assert_allclose(y.array, ref.array, rtol=1e-5, atol=1e-7)


def test_predict_oversample():
    if importlib.util.find_spec('kusari.utils.imgproc') is None:
        pytest.skip('kusari.utils.imgproc (oversample) is built by another issue-11 helper')
    from kusari.utils import imgproc
    model = tiny('GoogLeNet')(pretrained_model=None)
    images = _images(2, shape=(60, 50, 3))
    y = model.predict(images)
    x = imgproc.oversample(numpy.stack([googlenet.prepare(im, size=(256, 256))
                                        for im in images]), crop_dims=(224, 224))
    with kusari.using_config('train', False):
        ref = model(x)['prob'].array.reshape(2, 10, 1000).mean(axis=1)
    numpy.testing.assert_allclose(y.array, ref, rtol=1e-5, atol=1e-7)


def test_float16_models():
    with kusari.using_config('dtype', numpy.float16):
        model = tiny('ResNet50Layers')(pretrained_model=None)
        assert model.conv1.W.dtype == numpy.float16 and model.bn1.avg_mean.dtype == \
            numpy.float16
        with kusari.using_config('train', False):
            y = model.extract(_images(1, shape=(40, 40, 3)), layers=['res2'], size=None)
    assert y['res2'].dtype == numpy.float16


def test_copy_keeps_the_layer_table():
    for name, first in (('VGG16Layers', 'conv1_1'), ('GoogLeNet', 'conv1'),
                        ('ResNet50Layers', 'conv1')):
        copied = tiny(name)(pretrained_model=None).copy()
        assert getattr(copied, first) is copied.functions[first][0]
    copied = tiny('ResNet50Layers')(pretrained_model=None).copy()
    assert copied.res2.a is getattr(copied.res2, copied.res2._forward[0])


def test_building_block_old_keyword():
    with pytest.warns(DeprecationWarning, match='n_layers'):
        block = resnet.BuildingBlock(n_layer=2, in_channels=4, mid_channels=2,
                                     out_channels=4, stride=1)
    assert block._forward == ['a', 'b1']
