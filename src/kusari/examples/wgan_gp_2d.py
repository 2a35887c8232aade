"""WGAN-GP on a 2-D toy distribution: eight Gaussians on a circle.

    .venv/bin/python -m kusari.examples.wgan_gp_2d [--iteration 1000] [--batchsize 256]
        [--n-critic 5] [--lam 10] [--seed 0] [--out result/wgan_gp]

A Wasserstein GAN with gradient penalty (Gulrajani et al., 2017). The critic is trained to
maximize ``D(real) - D(fake)`` minus ``lam * (||grad_x D(x_hat)|| - 1)^2`` at random
interpolates ``x_hat``; that penalty is a function of a gradient, so the critic's loss is
differentiated twice: through ``kusari.grad(..., enable_double_backprop=True)``, back through
every layer of the critic, **including its batch normalization layers** (kept here on purpose:
the usual WGAN-GP critic has none, and they make the example a test of second-order
derivatives through batch normalization). The generator is an MLP from 2-D noise.

A custom ``Updater`` drives both optimizers inside a ``Trainer``; the log reports the critic's
Wasserstein estimate and penalty, and the mean distance of generated points to the nearest
mode (2 for points at the origin, near 0 for points on the modes). With matplotlib a scatter
plot of real and generated points is saved as ``samples.png``. Batch normalization makes the
critic's Lipschitz constraint harder to meet than in the usual critic, so training is slower
and noisier: the defaults (1000 iterations, each five critic steps with a second-order
gradient and one generator step) move the generated points from the origin toward the ring of
modes (distance 0.78). That took 7 minutes of CPU time on a shared 2-core VM (load 8 to 14,
36 minutes of wall time); 100 iterations take about 20 s of CPU time there, so ``--iteration
100`` is a quick look. 3000 iterations bring the distance to about 0.5.
"""
import argparse
import os
import sys

import numpy

import kusari
import kusari.functions as F
import kusari.links as L
from kusari import iterators, optimizers, training
from kusari.training import extensions

MODES = numpy.array([(numpy.cos(a), numpy.sin(a))
                     for a in numpy.arange(8) * numpy.pi / 4], numpy.float32) * 2.0


def sample_real(n, rng):
    return (MODES[rng.randint(0, 8, n)] + 0.02 * rng.randn(n, 2)).astype(numpy.float32)


def distance_to_modes(x):
    d = numpy.sqrt(((x[:, None, :] - MODES[None]) ** 2).sum(-1))
    return float(d.min(axis=1).mean())


class Generator(kusari.Chain):
    def __init__(self, n_hidden=128):
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(2, n_hidden)
            self.l2 = L.Linear(n_hidden, n_hidden)
            self.l3 = L.Linear(n_hidden, 2)

    def make_noise(self, n):
        return numpy.random.randn(n, 2).astype(numpy.float32)

    def forward(self, z):
        return self.l3(F.relu(self.l2(F.relu(self.l1(z)))))


class Critic(kusari.Chain):
    def __init__(self, n_hidden=128):
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(2, n_hidden, nobias=True)
            self.bn1 = L.BatchNormalization(n_hidden)
            self.l2 = L.Linear(n_hidden, n_hidden, nobias=True)
            self.bn2 = L.BatchNormalization(n_hidden)
            self.l3 = L.Linear(n_hidden, 1)

    def forward(self, x):
        h = F.leaky_relu(self.bn1(self.l1(x)), 0.2)
        h = F.leaky_relu(self.bn2(self.l2(h)), 0.2)
        return self.l3(h)


class WGANGPUpdater(training.updaters.StandardUpdater):
    """``n_critic`` critic steps (each on a fresh real batch), then one generator step."""

    def __init__(self, iterator, opt_gen, opt_critic, n_critic=5, lam=10.0):
        super().__init__(iterator, {'main': opt_gen, 'critic': opt_critic})
        self.n_critic = n_critic
        self.lam = lam

    def update_core(self):
        gen = self.get_optimizer('main').target
        critic = self.get_optimizer('critic').target
        it = self.get_iterator('main')
        for _ in range(self.n_critic):
            x_real = self.converter(it.next(), self.input_device)
            n = len(x_real)
            x_fake = gen(gen.make_noise(n)).array  # no gradient into the generator here
            # real and fake go through the critic as one batch, so that its batch
            # normalization uses the same statistics for both
            d = critic(F.concat([x_real, x_fake], axis=0))
            wasserstein = F.mean(d[:n]) - F.mean(d[n:])
            eps = numpy.random.uniform(0, 1, (n, 1)).astype(numpy.float32)
            x_hat = kusari.Variable(eps * x_real + (1 - eps) * x_fake)
            g, = kusari.grad([F.sum(critic(x_hat))], [x_hat], enable_double_backprop=True)
            norm = F.sqrt(F.sum(g * g, axis=1) + 1e-12)
            penalty = self.lam * F.mean((norm - 1.0) ** 2)
            loss_critic = -wasserstein + penalty
            critic.cleargrads()
            loss_critic.backward()  # second order: through g, back through the BN layers
            self.get_optimizer('critic').update()
        d = critic(F.concat([x_real, gen(gen.make_noise(n))], axis=0))
        loss_gen = -F.mean(d[n:])
        gen.cleargrads()
        loss_gen.backward()
        self.get_optimizer('main').update()
        kusari.report({'wasserstein': wasserstein, 'penalty': penalty,
                       'loss_gen': loss_gen}, critic)
        if it.is_new_epoch:
            for opt in self.get_all_optimizers().values():
                opt.new_epoch(auto=True)


def main(argv=None):
    p = argparse.ArgumentParser(prog='python -m kusari.examples.wgan_gp_2d',
                                description='WGAN-GP on eight Gaussians')
    p.add_argument('--iteration', '-i', type=int, default=1000)
    p.add_argument('--batchsize', '-b', type=int, default=256)
    p.add_argument('--n-critic', type=int, default=5)
    p.add_argument('--lam', type=float, default=10.0)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--out', '-o', default='result/wgan_gp')
    args = p.parse_args(argv)
    numpy.random.seed(args.seed)
    rng = numpy.random.RandomState(args.seed)
    data = sample_real(20000, rng)
    gen, critic = Generator(), Critic()
    opt_gen = optimizers.Adam(alpha=1e-3, beta1=0.5, beta2=0.9).setup(gen)
    opt_critic = optimizers.Adam(alpha=1e-3, beta1=0.5, beta2=0.9).setup(critic)
    it = iterators.SerialIterator(data, args.batchsize)
    updater = WGANGPUpdater(it, opt_gen, opt_critic, args.n_critic, args.lam)
    trainer = training.Trainer(updater, (args.iteration, 'iteration'), out=args.out)
    interval = (max(args.iteration // 10, 1), 'iteration')

    def quality(trainer):
        with kusari.using_config('train', False), kusari.no_backprop_mode():
            return distance_to_modes(gen(gen.make_noise(1000)).array)

    trainer.extend(extensions.observe_value('mode_distance', quality), trigger=interval)
    trainer.extend(extensions.LogReport(trigger=interval))
    trainer.extend(extensions.PrintReport(
        ['iteration', 'critic/wasserstein', 'critic/penalty', 'critic/loss_gen',
         'mode_distance', 'elapsed_time']))
    trainer.run()
    with kusari.using_config('train', False), kusari.no_backprop_mode():
        fake = gen(gen.make_noise(1000)).array
    dist = distance_to_modes(fake)
    if extensions.PlotReport.available():
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        fig = Figure(figsize=(5, 5))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot(1, 1, 1)
        ax.scatter(data[:1000, 0], data[:1000, 1], s=2, label='real')
        ax.scatter(fake[:, 0], fake[:, 1], s=2, label='generated')
        ax.legend()
        fig.savefig(os.path.join(args.out, 'samples.png'))
    print('mean distance of generated points to the nearest mode: {:.3f}'.format(dist))
    return dist


if __name__ == '__main__':
    main()
    sys.exit(0)
