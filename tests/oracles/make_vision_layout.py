"""Write vision_npz_layout.json: the keys, shapes and dtypes of the npz files that Chainer 7.8.1
saves for its vision models (what its converted pretrained files hold).

Run with Chainer 7.8.1 (NumPy 1.x): python make_vision_layout.py OUT.json
"""
import json
import sys

import numpy
from chainer.links.model.vision import googlenet, resnet, vgg
from chainer.serializers import npz

import chainer

MODELS = {
    'VGG16Layers': lambda: vgg.VGG16Layers(pretrained_model=None),
    'VGG19Layers': lambda: vgg.VGG19Layers(pretrained_model=None),
    'GoogLeNet': lambda: googlenet.GoogLeNet(pretrained_model=None),
    'ResNet50Layers': lambda: resnet.ResNet50Layers(pretrained_model=None),
    'ResNet101Layers': lambda: resnet.ResNet101Layers(pretrained_model=None),
    'ResNet152Layers': lambda: resnet.ResNet152Layers(pretrained_model=None),
}


def main(out):
    layout = {'chainer': chainer.__version__}
    for name, make in MODELS.items():
        model = make()
        s = npz.DictionarySerializer()
        s.save(model)
        layout[name] = {
            'keys': {k: [list(numpy.shape(v)), str(numpy.asarray(v).dtype)]
                     for k, v in sorted(s.target.items())},
            'available_layers': model.available_layers,
        }
        del model, s
    with open(out, 'w') as f:
        json.dump(layout, f, indent=0, sort_keys=True)


if __name__ == '__main__':
    main(sys.argv[1])
