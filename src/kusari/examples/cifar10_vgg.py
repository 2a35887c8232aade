"""CIFAR-10 with a VGG-style network with batch normalization.

    .venv/bin/python -m kusari.examples.cifar10_vgg [--epoch 2] [--batchsize 64] [--lr 0.05]
        [--device -1] [--out result/cifar10_vgg] [--resume SNAPSHOT] [--train-size 10000]
        [--test-size 2000] [--width 16]

Blocks of conv3x3-BN-ReLU (two per block) followed by 2x2 max pooling, with ``width``,
``2 width``, ``4 width`` channels, then dropout, a hidden linear layer with BN and the
classifier. Trained like ``cifar10_resnet.py`` (MomentumSGD, weight decay, crops and flips),
with the same data handling. ``--width 64`` gives a VGG-11-sized body; the default is small so
that 2 epochs on 10000 images run in minutes on a CPU.
"""
import kusari
import kusari.functions as F
import kusari.links as L
from kusari.examples.cifar10_common import run


class ConvBN(kusari.Chain):
    def __init__(self, cin, cout):
        super().__init__()
        with self.init_scope():
            self.conv = L.Convolution2D(cin, cout, 3, 1, 1, nobias=True)
            self.bn = L.BatchNormalization(cout)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


class VGG(kusari.Chain):
    def __init__(self, width=16, n_class=10):
        super().__init__()
        w = width
        with self.init_scope():
            self.body = kusari.Sequential(
                ConvBN(3, w), ConvBN(w, w), lambda h: F.max_pooling_2d(h, 2),
                ConvBN(w, 2 * w), ConvBN(2 * w, 2 * w), lambda h: F.max_pooling_2d(h, 2),
                ConvBN(2 * w, 4 * w), ConvBN(4 * w, 4 * w), lambda h: F.max_pooling_2d(h, 2))
            self.fc1 = L.Linear(4 * w * 4 * 4, 8 * w, nobias=True)
            self.bn_fc = L.BatchNormalization(8 * w)
            self.fc2 = L.Linear(8 * w, n_class)

    def forward(self, x):
        h = self.body(x)
        h = F.dropout(h, 0.3)
        h = F.relu(self.bn_fc(self.fc1(h)))
        return self.fc2(F.dropout(h, 0.3))


def main(argv=None):
    return run(lambda args: VGG(args.width), 'Train a VGG with batch normalization on CIFAR-10',
               argv, 'result/cifar10_vgg',
               extra=[('--width', int, 16, 'channels of the first block')])


if __name__ == '__main__':
    main()
