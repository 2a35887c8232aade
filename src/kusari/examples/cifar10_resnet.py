"""CIFAR-10 with a residual network with batch normalization.

    .venv/bin/python -m kusari.examples.cifar10_resnet [--epoch 2] [--batchsize 64] [--lr 0.05]
        [--device -1] [--out result/cifar10_resnet] [--resume SNAPSHOT] [--train-size 10000]
        [--test-size 2000] [--blocks 1]

The ResNet of He et al. for CIFAR: conv3x3(16)-BN-ReLU, three stages of ``--blocks`` basic
blocks (conv3x3-BN-ReLU-conv3x3-BN plus the shortcut) with 16, 32 and 64 channels, global
average pooling and a linear classifier (``--blocks 3`` is ResNet-20). Trained with
MomentumSGD, weight decay, random crops and flips. ``cifar-10-binary.tar.gz`` is downloaded
once into ``$KUSARI_DATASET_ROOT/cifar`` (offline, put it there by hand). The small defaults
(2 epochs on 10000 images, one block per stage) run in minutes on a CPU and reach about 50%;
full training (``--epoch 100 --train-size 0 --blocks 3``) wants a GPU (``--device 0``).
"""
import kusari
import kusari.functions as F
import kusari.links as L
from kusari.examples.cifar10_common import run


class Block(kusari.Chain):
    def __init__(self, cin, cout, stride):
        super().__init__()
        with self.init_scope():
            self.conv1 = L.Convolution2D(cin, cout, 3, stride, 1, nobias=True)
            self.bn1 = L.BatchNormalization(cout)
            self.conv2 = L.Convolution2D(cout, cout, 3, 1, 1, nobias=True)
            self.bn2 = L.BatchNormalization(cout)
            self.proj = stride != 1 or cin != cout
            if self.proj:
                self.conv_s = L.Convolution2D(cin, cout, 1, stride, 0, nobias=True)
                self.bn_s = L.BatchNormalization(cout)

    def forward(self, x):
        h = F.relu(self.bn1(self.conv1(x)))
        h = self.bn2(self.conv2(h))
        return F.relu(h + (self.bn_s(self.conv_s(x)) if self.proj else x))


class ResNet(kusari.Chain):
    def __init__(self, n_blocks=1, n_class=10):
        super().__init__()
        layers = []
        cin = 16
        for stage, cout in enumerate((16, 32, 64)):
            for i in range(n_blocks):
                layers.append(Block(cin, cout, 2 if stage > 0 and i == 0 else 1))
                cin = cout
        with self.init_scope():
            self.conv = L.Convolution2D(3, 16, 3, 1, 1, nobias=True)
            self.bn = L.BatchNormalization(16)
            self.blocks = kusari.Sequential(*layers)
            self.fc = L.Linear(64, n_class)

    def forward(self, x):
        h = F.relu(self.bn(self.conv(x)))
        h = self.blocks(h)
        return self.fc(F.mean(h, axis=(2, 3)))


def main(argv=None):
    return run(lambda args: ResNet(args.blocks), 'Train a ResNet on CIFAR-10', argv,
               'result/cifar10_resnet',
               extra=[('--blocks', int, 1, 'basic blocks per stage (3: ResNet-20)')])


if __name__ == '__main__':
    main()
