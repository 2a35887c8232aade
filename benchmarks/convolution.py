"""convolution_2d and max_pooling_2d forward+backward: kusari vs PyTorch (CPU), float32.

x (64, 64, 32, 32), W (64, 64, 3, 3), stride 1, pad 1; max pooling 2x2, stride 2 on the
same x. Both libraries run at their default thread counts (printed); ``--threads N`` sets
kusari (``kusari.utils.set_num_threads``), NumPy's BLAS (threadpoolctl) and PyTorch to N.
The kusari and PyTorch runs come in ``--rounds`` alternating phases of ``--repeat`` runs
each, so that a change in the machine's load hits both; phases (not single runs) alternate
and are separated by a short pause because the thread pools of both libraries keep spinning
for a while after each call, which would steal the cores of the other. Prints the best run
in milliseconds, the kusari / PyTorch ratio and the load average before and after.
"""
import argparse
import os
import time

import numpy

import kusari
import kusari.functions as F

from _common import add_thread_options, configure, describe


def best_ms(fns, repeat, rounds=1, pause=0.5):
    """Best time in ms of each of ``fns``: ``rounds`` times, each function runs ``repeat``
    times in a row (after one warm-up call), then the next one after a ``pause``."""
    times = [[] for _ in fns]
    for _ in range(rounds):
        for fn, ts in zip(fns, times):
            fn()
            for _ in range(repeat):
                t0 = time.perf_counter()
                fn()
                ts.append(time.perf_counter() - t0)
            time.sleep(pause)
    return [min(ts) * 1e3 for ts in times]


def main():
    parser = argparse.ArgumentParser()
    add_thread_options(parser)
    parser.add_argument('--repeat', type=int, default=5)
    parser.add_argument('--rounds', type=int, default=2)
    args = parser.parse_args()

    rng = numpy.random.default_rng(0)
    x = rng.standard_normal((64, 64, 32, 32)).astype(numpy.float32)
    W = (rng.standard_normal((64, 64, 3, 3)) * 0.05).astype(numpy.float32)
    b = numpy.zeros(64, numpy.float32)
    gy = rng.standard_normal((64, 64, 32, 32)).astype(numpy.float32)
    gyp = rng.standard_normal((64, 64, 16, 16)).astype(numpy.float32)

    def k_conv():
        xv, wv, bv = kusari.Variable(x), kusari.Variable(W), kusari.Variable(b)
        y = F.convolution_2d(xv, wv, bv, stride=1, pad=1)
        y.grad = gy
        y.backward()

    def k_pool():
        xv = kusari.Variable(x)
        y = F.max_pooling_2d(xv, 2, 2)
        y.grad = gyp
        y.backward()

    load0 = os.getloadavg()[0]
    try:
        import torch
    except ImportError:
        torch = None
    configure(args, torch)
    if torch is None:
        rows = [('convolution_2d fwd+bwd', best_ms([k_conv], args.repeat, args.rounds)[0]),
                ('max_pooling_2d fwd+bwd', best_ms([k_pool], args.repeat, args.rounds)[0])]
        torch_ms = [None, None]
    else:
        tx, tw, tb = torch.tensor(x), torch.tensor(W), torch.tensor(b)
        tgy, tgyp = torch.tensor(gy), torch.tensor(gyp)

        def t_conv():
            xv = tx.clone().requires_grad_()
            wv = tw.clone().requires_grad_()
            bv = tb.clone().requires_grad_()
            torch.nn.functional.conv2d(xv, wv, bv, stride=1, padding=1).backward(tgy)

        def t_pool():
            xv = tx.clone().requires_grad_()
            torch.nn.functional.max_pool2d(xv, 2, 2).backward(tgyp)

        k1, t1 = best_ms([k_conv, t_conv], args.repeat, args.rounds)
        k2, t2 = best_ms([k_pool, t_pool], args.repeat, args.rounds)
        rows = [('convolution_2d fwd+bwd', k1), ('max_pooling_2d fwd+bwd', k2)]
        torch_ms = [t1, t2]
    print(describe(torch) + '; float32')
    print('load average (1 min): {:.2f} before, {:.2f} after'.format(load0,
                                                                     os.getloadavg()[0]))
    env = ['{}={}'.format(k, os.environ[k]) for k in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE')
           if k in os.environ]
    if env:
        print('OpenBLAS environment:', ' '.join(env))
    print('{:28s} {:>10s} {:>10s} {:>7s}'.format('', 'kusari ms', 'torch ms', 'ratio'))
    for (name, k), t in zip(rows, torch_ms):
        if t is None:
            print('{:28s} {:10.2f} {:>10s} {:>7s}'.format(name, k, '-', '-'))
        else:
            print('{:28s} {:10.2f} {:10.2f} {:7.2f}'.format(name, k, t, k / t))


if __name__ == '__main__':
    main()
