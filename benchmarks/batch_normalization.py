"""Batch normalization, kusari vs PyTorch (CPU), float32, each in a process of its own.

Run: python benchmarks/batch_normalization.py [--repeat N] [--rounds R] [--threads T]

Rows, for x of shape (256, 1024), (32, 64, 32, 32) and (128, 256, 8, 8) (channel axis 1):

- ``fixed fwd``: fixed (inference) batch normalization forward, no graph (kusari:
  ``no_backprop_mode``; PyTorch: ``torch.no_grad``);
- ``train fwd+bwd``: training forward with running statistics, then the gradients of x,
  gamma and beta for a given output gradient;
- ``train dbl bwd``: training forward, first-order gradients of x and gamma with
  ``enable_double_backprop`` (PyTorch: ``create_graph=True``), then the gradient of
  ``sum(gx ** 2)`` with respect to x and gamma (a gradient penalty);
- ``fixed dbl bwd``: the same through fixed batch normalization (statistics given).

Both run at their default thread counts (kusari: ``KUSARI_NUM_THREADS``, else the cores
available; PyTorch: its own default, the cores), printed with the results; ``--threads N``
runs both with N threads (NumPy's BLAS too). ``--keep-freed-memory`` turns on kusari's opt-in
malloc setting first, ``--no-memory-pool`` turns kusari's CPU memory pool off. Each
framework runs all rows in a process of its own, once per round,
the two taking turns over ``--rounds`` rounds: in one process, each disturbed the other (after
PyTorch's batch normalization had run, kusari's (256, 1024) training row took 0.36 ms instead
of 0.22, every time; PyTorch's thread pool and allocator state stay behind). Times are the
best of ``--repeat`` runs in each round (the machine may be shared; and the 2-core VM's two
vCPUs sit on different L3 caches for minutes at a time, when a cache line moves between them
in about 300 ns instead of 60 and two-thread work that passes data between the threads slows
down, kusari's more than PyTorch's: hence several rounds);
``ratio`` is kusari / PyTorch (below 1: kusari is faster). ``GB/s`` is an effective
bandwidth: the bytes of the full-size arrays the row must touch at least once (fixed: x, y;
train: x, y, gy, gx; double backward: x, y, gy, gx, the gradient flowing into gx, gx2)
divided by kusari's time.
Targets: ratio <= 1 on every row, <= 0.5 on the double-backward rows.
"""
import argparse
import json
import time

import numpy

import kusari
import kusari.functions as F

from _common import add_process_options, configure, describe, run_rounds

SHAPES = [(256, 1024), (32, 64, 32, 32), (128, 256, 8, 8)]
ROWS = ('fixed fwd', 'train fwd+bwd', 'train dbl bwd', 'fixed dbl bwd')
EPS = 2e-5


def best_ms(fn, repeat):
    fn()
    fn()   # warm-up: kernel compilation or cache load, allocator
    best = float('inf')
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1e3


def kusari_rows(x, gy, gamma, beta, mean, var):
    rm, rv = mean.copy(), var.copy()

    def fixed():
        with kusari.no_backprop_mode():   # as PyTorch's row runs under torch.no_grad()
            F.fixed_batch_normalization(x, gamma, beta, mean, var, eps=EPS)

    def train():
        xv, gv, bv = kusari.Variable(x), kusari.Variable(gamma), kusari.Variable(beta)
        y = F.batch_normalization(xv, gv, bv, eps=EPS, running_mean=rm, running_var=rv)
        y.grad = gy
        y.backward()

    def double():
        xv, gv, bv = kusari.Variable(x), kusari.Variable(gamma), kusari.Variable(beta)
        y = F.batch_normalization(xv, gv, bv, eps=EPS)
        gx, _ = kusari.grad([y], [xv, gv], [gy], enable_double_backprop=True)
        pen = F.sum(gx * gx)
        kusari.grad([pen], [xv, gv])

    def fixed_double():
        xv, gv, bv = kusari.Variable(x), kusari.Variable(gamma), kusari.Variable(beta)
        y = F.fixed_batch_normalization(xv, gv, bv, mean, var, eps=EPS)
        gx, _ = kusari.grad([y], [xv, gv], [gy], enable_double_backprop=True)
        pen = F.sum(gx * gx)
        kusari.grad([pen], [xv, gv])

    return fixed, train, double, fixed_double


def torch_rows(torch, x, gy, gamma, beta, mean, var):
    tf = torch.nn.functional
    x, gy, gamma, beta, mean, var = (torch.from_numpy(a) for a in (x, gy, gamma, beta, mean,
                                                                     var))
    rm, rv = mean.clone(), var.clone()

    def fixed():
        with torch.no_grad():
            tf.batch_norm(x, mean, var, gamma, beta, False, 0.1, EPS)

    def train():
        xv, gv, bv = (a.clone().requires_grad_() for a in (x, gamma, beta))
        y = tf.batch_norm(xv, rm, rv, gv, bv, True, 0.1, EPS)
        y.backward(gy)

    def double():
        xv, gv, bv = (a.clone().requires_grad_() for a in (x, gamma, beta))
        y = tf.batch_norm(xv, None, None, gv, bv, True, 0.1, EPS)
        gx, _ = torch.autograd.grad(y, [xv, gv], gy, create_graph=True)
        pen = (gx * gx).sum()
        torch.autograd.grad(pen, [xv, gv])

    def fixed_double():
        xv, gv, bv = (a.clone().requires_grad_() for a in (x, gamma, beta))
        y = tf.batch_norm(xv, mean, var, gv, bv, False, 0.1, EPS)
        gx, _ = torch.autograd.grad(y, [xv, gv], gy, create_graph=True)
        pen = (gx * gx).sum()
        torch.autograd.grad(pen, [xv, gv], allow_unused=True)

    return fixed, train, double, fixed_double


def _inputs(shape):
    rng = numpy.random.default_rng(list(shape))   # the same arrays in every process
    c = shape[1]
    return (rng.standard_normal(shape).astype(numpy.float32),
            rng.standard_normal(shape).astype(numpy.float32),
            rng.uniform(0.5, 1.5, c).astype(numpy.float32),
            rng.standard_normal(c).astype(numpy.float32),
            rng.standard_normal(c).astype(numpy.float32),
            rng.uniform(0.5, 1.5, c).astype(numpy.float32))


def _measure(args):
    """One framework's rows in this process (``--only``): a JSON line of the best times."""
    torch = None
    if args.only == 'torch':
        import torch
    configure(args, torch)
    times = {}
    for shape in SHAPES:
        arrays = _inputs(shape)
        rows = kusari_rows(*arrays) if torch is None else torch_rows(torch, *arrays)
        for name, fn in zip(ROWS, rows):
            times['{} {}'.format(shape, name)] = best_ms(fn, args.repeat)
    print(json.dumps({'times': times, 'threads': describe(torch)}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--repeat', type=int, default=10)
    parser.add_argument('--rounds', type=int, default=5)
    add_process_options(parser)
    args = parser.parse_args()
    if args.only:
        return _measure(args)
    try:
        import torch
    except ImportError:
        torch = None
    print('kusari {} (Numba kernels: {}), PyTorch {}; best of {} runs in each of {} '
          'rounds, each framework in a process of its own per round'.format(
              kusari.__version__, kusari.config.use_numba,
              'absent' if torch is None else torch.__version__, args.repeat, args.rounds))
    results = run_rounds(__file__, args, ['--repeat', str(args.repeat)], args.rounds)
    best = {f: {key: min(r['times'][key] for r in rs) for key in rs[0]['times']}
            for f, rs in results.items()}
    print(results['kusari' if torch is None else 'torch'][-1]['threads'])
    header = '{:<18s} {:<14s} {:>10s} {:>10s} {:>7s} {:>7s}'.format(
        'shape', 'row', 'kusari ms', 'torch ms', 'ratio', 'GB/s')
    print(header)
    print('-' * len(header))
    for shape in SHAPES:
        nbytes = numpy.prod(shape) * 4
        for name, n_arrays in zip(ROWS, (2, 4, 6, 6)):
            key = '{} {}'.format(shape, name)
            k_ms = best['kusari'][key]
            t_ms = best['torch'][key] if torch is not None else None
            gbs = n_arrays * nbytes / (k_ms * 1e-3) / 1e9
            print('{:<18s} {:<14s} {:>10.3f} {:>10s} {:>7s} {:>7.1f}'.format(
                str(shape), name, k_ms, '-' if t_ms is None else '{:.3f}'.format(t_ms),
                '-' if t_ms is None else '{:.2f}'.format(k_ms / t_ms), gbs))


if __name__ == '__main__':
    main()
