"""MAML on sine-wave regression: meta-gradients through gradient steps (second order).

    .venv/bin/python -m kusari.examples.maml_sine [--iteration 2000] [--meta-batch 10]
        [--k-shot 10] [--inner-lr 0.01] [--inner-steps 1] [--seed 0] [--meta-lr 0.003]
        [--first-order]

Model-agnostic meta-learning (Finn et al., 2017) on the sine task family: each task is
``y = A sin(x + phase)`` with ``A`` in [0.1, 5], ``phase`` in [0, pi], ``x`` in [-5, 5]. A
1-40-40-1 MLP is adapted to a task by ``--inner-steps`` gradient steps on ``K`` examples; the
meta-objective is the loss of the adapted network on fresh examples of the same task. Its
gradient goes back through the inner gradient steps, which were computed with
``kusari.grad(..., enable_double_backprop=True)``: second-order derivatives of the network
(``--first-order`` drops them, as first-order MAML does).

At the end it prints the mean squared error on new tasks before and after 10 adaptation steps
on ``K`` examples. The defaults (2000 meta-iterations, about half a minute on a CPU) are a
short run: adaptation already lowers the error, and longer runs (the paper uses 70000
iterations with ``--meta-batch 25``) lower it much further.
"""
import argparse
import sys

import numpy

import kusari
import kusari.functions as F
from kusari import optimizers


class SineMLP(kusari.Link):
    """The parameters of a 1-40-40-1 MLP, applied functionally with any weights."""

    def __init__(self, n_hidden=40):
        super().__init__()
        rng = numpy.random
        shapes = [(n_hidden, 1), (n_hidden,), (n_hidden, n_hidden), (n_hidden,),
                  (1, n_hidden), (1,)]
        with self.init_scope():
            for i, shape in enumerate(shapes):
                if len(shape) == 2:
                    w = rng.randn(*shape) * numpy.sqrt(2.0 / shape[1])
                else:
                    w = numpy.zeros(shape)
                setattr(self, 'p{}'.format(i), kusari.Parameter(w.astype(numpy.float32)))

    def weights(self):
        return [getattr(self, 'p{}'.format(i)) for i in range(6)]

    @staticmethod
    def apply(x, w):
        h = F.relu(F.linear(x * 0.2, w[0], w[1]))  # inputs scaled from [-5, 5] to [-1, 1]
        h = F.relu(F.linear(h, w[2], w[3]))
        return F.linear(h, w[4], w[5])


def sample_tasks(rng, n):
    return rng.uniform(0.1, 5.0, n), rng.uniform(0, numpy.pi, n)


def sample_points(rng, amp, phase, k):
    x = rng.uniform(-5, 5, (k, 1)).astype(numpy.float32)
    return x, (amp * numpy.sin(x + phase)).astype(numpy.float32)


def adapt(model, x, y, lr, steps, create_graph):
    """Weights after ``steps`` gradient steps on ``(x, y)``; differentiable when
    ``create_graph``."""
    w = model.weights()
    for _ in range(steps):
        loss = F.mean_squared_error(model.apply(x, w), y)
        grads = kusari.grad([loss], w, enable_double_backprop=create_graph)
        w = [wi - lr * (g if create_graph else g.array) for wi, g in zip(w, grads)]
    return w


def evaluate(model, rng, n_tasks, k, lr, steps):
    before, after = [], []
    for amp, phase in zip(*sample_tasks(rng, n_tasks)):
        xs, ys = sample_points(rng, amp, phase, k)
        xq, yq = sample_points(rng, amp, phase, 100)
        with kusari.no_backprop_mode():
            before.append(float(F.mean_squared_error(model.apply(xq, model.weights()),
                                                     yq).array))
        w = adapt(model, xs, ys, lr, steps, create_graph=False)
        with kusari.no_backprop_mode():
            after.append(float(F.mean_squared_error(model.apply(xq, w), yq).array))
    return float(numpy.mean(before)), float(numpy.mean(after))


def main(argv=None):
    p = argparse.ArgumentParser(prog='python -m kusari.examples.maml_sine',
                                description='MAML on sine regression')
    p.add_argument('--iteration', '-i', type=int, default=2000)
    p.add_argument('--meta-batch', type=int, default=10)
    p.add_argument('--k-shot', type=int, default=10)
    p.add_argument('--inner-lr', type=float, default=0.01)
    p.add_argument('--inner-steps', type=int, default=1)
    p.add_argument('--meta-lr', type=float, default=3e-3)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--first-order', action='store_true')
    args = p.parse_args(argv)
    numpy.random.seed(args.seed)
    rng = numpy.random.RandomState(args.seed)
    model = SineMLP()
    opt = optimizers.Adam(alpha=args.meta_lr).setup(model)
    for it in range(1, args.iteration + 1):
        meta_loss = 0
        for amp, phase in zip(*sample_tasks(rng, args.meta_batch)):
            xs, ys = sample_points(rng, amp, phase, args.k_shot)
            xq, yq = sample_points(rng, amp, phase, args.k_shot)
            w = adapt(model, xs, ys, args.inner_lr, args.inner_steps,
                      create_graph=not args.first_order)
            meta_loss += F.mean_squared_error(model.apply(xq, w), yq)
        meta_loss = meta_loss / args.meta_batch
        model.cleargrads()
        meta_loss.backward()
        opt.update()
        if it % max(args.iteration // 10, 1) == 0:
            print('iteration {:6d}  meta loss {:.4f}'.format(it, float(meta_loss.array)))
    before, after = evaluate(model, numpy.random.RandomState(args.seed + 1), 100,
                             args.k_shot, args.inner_lr, 10)
    print('new tasks, mean squared error: {:.3f} before adaptation, {:.3f} after 10 '
          'steps on {} examples'.format(before, after, args.k_shot))
    return before, after


if __name__ == '__main__':
    main()
    sys.exit(0)
