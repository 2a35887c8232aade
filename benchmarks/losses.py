"""softmax_cross_entropy and accuracy, and what their label range check costs.

Run: python benchmarks/losses.py [--rounds 5]
For each shape it prints the time of softmax_cross_entropy (forward + backward) and of
accuracy (forward) for kusari and, when installed, PyTorch (``cross_entropy`` and an argmax
comparison), then the cost of kusari's label check (every label in [0, C) or ignore_label):
the check alone, timed as each function calls it (for accuracy on 2-d scores, where the test
is part of the CPU kernel's loop: the kernel's time with the test minus without), as a share
of the function's time, and the function's time with the check replaced by a no-op (the two
alternate over rounds).
Target: the check costs under 2% of each function's time.
"""
import argparse
import time

import numpy

import kusari
import kusari.functions as F
from kusari.functions import _labels
from kusari.functions.evaluation import accuracy as accuracy_module
from kusari.functions.loss import softmax_cross_entropy as sce_module

from _common import best_of_alternating, row, try_torch

# (name, x shape, fraction of labels set to ignore_label -1)
SHAPES = [
    ('digits batch (32, 10)', (32, 10), 0.0),            # the main job's training batch
    ('digits test set (359, 10)', (359, 10), 0.0),       # the main job's evaluation
    ('ImageNet batch (128, 1000)', (128, 1000), 0.0),
    ('segmentation (8, 21, 64, 64), 10% ignored', (8, 21, 64, 64), 0.1),
]


def _inputs(shape, ignored, rng):
    x = rng.standard_normal(shape).astype(numpy.float32)
    t_shape = shape[:1] + shape[2:]
    t = rng.integers(0, shape[1], t_shape).astype(numpy.int32)
    if ignored:
        t[rng.random(t_shape) < ignored] = -1
    return x, t


def _best(fn, number):
    """Best seconds per call over 7 runs of ``number`` calls."""
    fn()
    best = float('inf')
    for _ in range(7):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - t0) / number)
    return best


def _without_check(fn):
    """``fn`` run with the label check of both functions replaced by a no-op (the accuracy
    kernel's label test turned off)."""
    count_hits = accuracy_module._count_hits

    def run():
        sce_module.check_labels = accuracy_module.check_labels = lambda *a, **k: None
        accuracy_module._count_hits = lambda *a: count_hits(*a[:-1], False)
        try:
            return fn()
        finally:
            sce_module.check_labels = accuracy_module.check_labels = _labels.check_labels
            accuracy_module._count_hits = count_hits
    return run


def _kernel_check_cost(x, t, ignore, number):
    """What the label test adds to the accuracy kernel (2-d scores: it counts the hits of
    the predictions): its time with the test minus without, the two alternating (None where
    the kernel does not apply)."""
    if x.ndim != 2 or not kusari.config.use_numba:
        return None
    ig = 0 if ignore is None else ignore
    pred = x.argmax(axis=1)
    with_test, without = best_of_alternating(
        [lambda: accuracy_module._count_hits(pred, t, x.shape[1], ig, ignore is not None, True),
         lambda: accuracy_module._count_hits(pred, t, x.shape[1], ig, ignore is not None,
                                             False)],
        repeat=number * 20, rounds=5)
    return max(0.0, with_test - without)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--rounds', type=int, default=5)
    args = p.parse_args()
    rng = numpy.random.default_rng(0)
    torch = try_torch(1)
    worst = 0.0
    for name, shape, ignored in SHAPES:
        x, t = _inputs(shape, ignored, rng)
        ignore = -1 if ignored else None
        number = max(1, int(2e5 // x.size))

        def k_sce():
            v = kusari.Variable(x)
            F.softmax_cross_entropy(v, t).backward()

        def k_acc():
            F.accuracy(x, t, ignore_label=ignore)

        t_sce = t_acc = None
        if torch is not None:
            xt = torch.from_numpy(x)
            tt = torch.from_numpy(t.astype(numpy.int64))

            def t_sce():
                v = xt.detach().requires_grad_()
                torch.nn.functional.cross_entropy(v, tt, ignore_index=-1).backward()

            def t_acc():
                keep = tt != -1
                (xt.argmax(1) == tt)[keep].float().mean()

        sce_k, sce_t, sce_k0 = best_of_alternating(
            [k_sce, t_sce, _without_check(k_sce)], repeat=number, rounds=args.rounds)
        acc_k, acc_t, acc_k0 = best_of_alternating(
            [k_acc, t_acc, _without_check(k_acc)], repeat=number * 4, rounds=args.rounds)
        # the check alone, with the arguments each function passes
        t_safe = numpy.where(t != -1, t, 0)
        c_sce = _best(lambda: _labels.check_labels('softmax_cross_entropy', t, shape[1], -1,
                                                   t_safe), number * 20)
        c_acc = _kernel_check_cost(x, t, ignore, number)
        if c_acc is None:
            c_acc = _best(lambda: _labels.check_labels('accuracy', t, shape[1], ignore),
                          number * 20)
        print(name)
        for label, ours, theirs, without, check in (
                ('  softmax_cross_entropy fwd+bwd', sce_k, sce_t, sce_k0, c_sce),
                ('  accuracy', acc_k, acc_t, acc_k0, c_acc)):
            share = check / ours
            worst = max(worst, share)
            print(row(label, ours, theirs))
            print('    label check {:7.2f} us = {:5.2f}% of it; without the check {:9.3f} ms '
                  '({:+.1f}%)'.format(check * 1e6, 100 * share, without * 1e3,
                                     100 * (ours / without - 1)))
    step, step0, check = _training_step(args.rounds)
    print('a training step of the main job (batch 32, forward + backward + update)')
    print('  kusari {:9.3f} ms; without the label check {:9.3f} ms; the two checks of a step '
          '(loss and accuracy) {:.2f} us = {:.3f}% of it'.format(
              step * 1e3, step0 * 1e3, check * 1e6, 100 * check / step))
    print('largest share of the label check in a single function: {:.2f}% (target: under 2%)'
          .format(100 * worst))


def _training_step(rounds):
    """The main job's training step with and without the check, and the two checks alone."""
    import kusari.links as L
    from kusari import optimizers
    from kusari.examples.train_digits import DigitsCNN
    rng = numpy.random.default_rng(0)
    numpy.random.seed(0)
    model = L.Classifier(DigitsCNN())
    opt = optimizers.MomentumSGD(lr=0.01).setup(model)
    x = rng.random((32, 1, 8, 8), numpy.float32)
    t = rng.integers(0, 10, 32).astype(numpy.int32)

    def step():
        model.cleargrads()
        model(x, t).backward()
        opt.update()

    ours, _, without = best_of_alternating([step, None, _without_check(step)], repeat=20,
                                           rounds=rounds)
    t_safe = numpy.where(t != -1, t, 0)
    check = _best(lambda: _labels.check_labels('softmax_cross_entropy', t, 10, -1, t_safe),
                  2000) + _best(lambda: _labels.check_labels('accuracy', t, 10), 2000)
    return ours, without, check


if __name__ == '__main__':
    main()
