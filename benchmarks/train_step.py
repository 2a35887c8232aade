"""One training step of a CIFAR-style ResNet: kusari vs PyTorch, each in a process of its own.

The network: conv3x3(16)-BN-ReLU, then 3 stages of 2 basic blocks (conv3x3-BN-ReLU-conv3x3-BN
plus the shortcut, then ReLU) with 16, 32 and 64 channels (the first block of stages 2 and 3
has stride 2 and a 1x1 convolution + BN shortcut), global average pooling and a linear
classifier. One step is forward, softmax cross entropy, backward and a MomentumSGD update, on
a batch of 64 random 3x32x32 images (float32, training-mode batch normalization).

Run::

    python benchmarks/train_step.py [--batch 64] [--steps 10] [--rounds 4] [--warmup 3]
                                    [--threads N]

It prints the median milliseconds per step of each framework and the ratio kusari / PyTorch
(PyTorch is skipped if it is not installed). Each framework runs ``--warmup`` and then
``--steps`` steps in a process of its own, once per round; the two take turns over
``--rounds`` rounds, so that both sample the same phases of the machine's load. In one
process, each disturbed the other: at batch 16, kusari's median step took 39.9 ms after
PyTorch's steps had run in the same process against 28.6-30.0 ms in a process of its own
(PyTorch: 30.8 against 25.8-26.6 ms), as the batch-normalization benchmark had found.
Both start from the same weights. Both run at their default thread counts (kusari:
``KUSARI_NUM_THREADS``, else the cores available; PyTorch: its default), printed with the
results; ``--threads N`` sets kusari, NumPy's BLAS and PyTorch to N threads.
``--keep-freed-memory`` turns on kusari's opt-in malloc setting and ``--no-memory-pool`` turns
kusari's CPU memory pool off (both in ``kusari.backends.cpu_memory``).
"""
import argparse
import json
import statistics
import time

import numpy

import kusari
import kusari.functions as F
import kusari.links as L
from kusari import optimizers

from _common import add_process_options, configure, describe, run_rounds


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
        s = self.bn_s(self.conv_s(x)) if self.proj else x
        return F.relu(h + s)


class ResNet(kusari.Chain):
    def __init__(self, n_class=10):
        super().__init__()
        with self.init_scope():
            self.conv = L.Convolution2D(3, 16, 3, 1, 1, nobias=True)
            self.bn = L.BatchNormalization(16)
            self.blocks = kusari.Sequential(
                Block(16, 16, 1), Block(16, 16, 1),
                Block(16, 32, 2), Block(32, 32, 1),
                Block(32, 64, 2), Block(64, 64, 1))
            self.fc = L.Linear(64, n_class)

    def forward(self, x):
        h = F.relu(self.bn(self.conv(x)))
        h = self.blocks(h)
        h = F.mean(h, axis=(2, 3))
        return self.fc(h)


def torch_model(model):
    import torch
    import torch.nn as nn

    def conv(c):
        m = nn.Conv2d(c.W.shape[1], c.W.shape[0], c.W.shape[2], stride=c.stride[0],
                      padding=c.pad[0], bias=False)
        m.weight.data = torch.from_numpy(c.W.array.copy())
        return m

    def bn(b):
        m = nn.BatchNorm2d(b.gamma.shape[0], eps=b.eps, momentum=1 - b.decay)
        return m

    class TBlock(nn.Module):
        def __init__(self, blk):
            super().__init__()
            self.conv1, self.bn1 = conv(blk.conv1), bn(blk.bn1)
            self.conv2, self.bn2 = conv(blk.conv2), bn(blk.bn2)
            self.proj = blk.proj
            if self.proj:
                self.conv_s, self.bn_s = conv(blk.conv_s), bn(blk.bn_s)

        def forward(self, x):
            h = torch.relu(self.bn1(self.conv1(x)))
            h = self.bn2(self.conv2(h))
            s = self.bn_s(self.conv_s(x)) if self.proj else x
            return torch.relu(h + s)

    class TNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv, self.bn = conv(model.conv), bn(model.bn)
            self.blocks = nn.Sequential(*[TBlock(b) for b in model.blocks])
            self.fc = nn.Linear(64, model.fc.W.shape[0])
            self.fc.weight.data = torch.from_numpy(model.fc.W.array.copy())
            self.fc.bias.data = torch.from_numpy(model.fc.b.array.copy())

        def forward(self, x):
            h = torch.relu(self.bn(self.conv(x)))
            h = self.blocks(h)
            return self.fc(h.mean(dim=(2, 3)))

    return TNet()


def time_steps(step, steps):
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    return times


def _inputs(batch):
    numpy.random.seed(0)
    x = numpy.random.randn(batch, 3, 32, 32).astype(numpy.float32)
    t = numpy.random.randint(0, 10, batch).astype(numpy.int32)
    model = ResNet()
    model(x)  # initialize every parameter (the same weights in every process)
    return x, t, model


def _measure(args):
    """One framework's steps in this process (``--only``): a JSON line of the step times."""
    x, t, model = _inputs(args.batch)
    torch = None
    if args.only == 'torch':
        import torch
        tnet = torch_model(model)
    configure(args, torch)

    if torch is None:
        opt = optimizers.MomentumSGD(lr=0.01, momentum=0.9).setup(model)

        def step():
            loss = F.softmax_cross_entropy(model(x), t)
            model.cleargrads()
            loss.backward()
            opt.update()
    else:
        topt = torch.optim.SGD(tnet.parameters(), lr=0.01, momentum=0.9)
        tx = torch.from_numpy(x)
        tt = torch.from_numpy(t.astype(numpy.int64))
        lossf = torch.nn.CrossEntropyLoss()

        def step():
            loss = lossf(tnet(tx), tt)
            topt.zero_grad(set_to_none=True)
            loss.backward()
            topt.step()

    time_steps(step, args.warmup)
    print(json.dumps({'times': time_steps(step, args.steps), 'threads': describe(torch)}))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--steps', type=int, default=10, help='steps per round and framework')
    p.add_argument('--rounds', type=int, default=4)
    p.add_argument('--warmup', type=int, default=3)
    add_process_options(p)
    args = p.parse_args()
    if args.only:
        return _measure(args)
    results = run_rounds(__file__, args, ['--batch', str(args.batch), '--steps', str(args.steps),
                                          '--warmup', str(args.warmup)], args.rounds)
    frameworks = tuple(results)
    times = {f: [t for r in rs for t in r['times']] for f, rs in results.items()}
    print(results[frameworks[-1]][-1]['threads'])
    med = {}
    for f, ts in times.items():
        med[f] = statistics.median(ts) * 1000
        print('{:<7s} {:8.2f} ms/step (median of {} steps in {} rounds, a process each, min '
              '{:.2f})'.format('PyTorch' if f == 'torch' else f, med[f], len(ts), args.rounds,
                               min(ts) * 1000))
    if len(frameworks) == 1:
        print('PyTorch is not installed: no comparison')
        return
    print('ratio kusari / PyTorch: {:.2f}x at batch {} (target <= 1.2x)'.format(
        med['kusari'] / med['torch'], args.batch))


if __name__ == '__main__':
    main()
