"""convolution_2d and max_pooling_2d forward+backward: kusari vs PyTorch (CPU), float32.

x (64, 64, 32, 32), W (64, 64, 3, 3), stride 1, pad 1; max pooling 2x2, stride 2 on the
same x. Both libraries use the same number of threads (``--threads``, default: all cores).
Prints the best of ``--repeat`` runs in milliseconds and the kusari / PyTorch ratio.
"""
import argparse
import os
import time

import numpy

import kusari
import kusari.functions as F


def best_ms(fn, repeat):
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times) * 1e3


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--threads', type=int, default=os.cpu_count())
    parser.add_argument('--repeat', type=int, default=5)
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

    rows = [('convolution_2d fwd+bwd', best_ms(k_conv, args.repeat)),
            ('max_pooling_2d fwd+bwd', best_ms(k_pool, args.repeat))]
    try:
        import torch
    except ImportError:
        torch = None
    torch_ms = [None, None]
    if torch is not None:
        torch.set_num_threads(args.threads)
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

        torch_ms = [best_ms(t_conv, args.repeat), best_ms(t_pool, args.repeat)]
    print('threads: {} (numpy BLAS default, torch.set_num_threads), float32'.format(
        args.threads))
    print('{:28s} {:>10s} {:>10s} {:>7s}'.format('', 'kusari ms', 'torch ms', 'ratio'))
    for (name, k), t in zip(rows, torch_ms):
        if t is None:
            print('{:28s} {:10.2f} {:>10s} {:>7s}'.format(name, k, '-', '-'))
        else:
            print('{:28s} {:10.2f} {:10.2f} {:7.2f}'.format(name, k, t, k / t))


if __name__ == '__main__':
    main()
