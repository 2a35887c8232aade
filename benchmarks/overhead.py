"""Per-op Python overhead: 1000 tiny elementwise ops on a (4, 4) variable, forward + backward.

Run: python benchmarks/overhead.py
Prints microseconds per op for kusari and PyTorch (when installed), the best over 4 rounds in
which the two take turns, and their ratio. PyTorch runs in one thread (the arrays are tiny;
kusari's ops on them never split); the thread counts are printed.
Target: kusari at most 2x PyTorch's time per op.
"""
import numpy

import kusari
import kusari.functions as F

from _common import best_of_alternating, describe, try_torch

N_OPS = 1000


def kusari_chain(x0, w):
    x = kusari.Variable(x0)
    y = x
    for i in range(N_OPS // 4):
        y = y * w          # Variable * Variable
        y = y + 0.5        # Variable + constant
        y = F.tanh(y) if hasattr(F, 'tanh') else F.exp(y * -1.0)
        y = y - w
    loss = F.sum(y)
    loss.backward()
    return x.grad


def torch_chain(torch, x0, w):
    x = torch.tensor(x0, requires_grad=True)
    y = x
    for i in range(N_OPS // 4):
        y = y * w
        y = y + 0.5
        y = torch.tanh(y)
        y = y - w
    loss = y.sum()
    loss.backward()
    return x.grad


def main():
    rng = numpy.random.default_rng(0)
    x0 = rng.uniform(-1, 1, (4, 4)).astype(numpy.float32)
    w0 = rng.uniform(0.5, 1, (4, 4)).astype(numpy.float32)
    wk = kusari.Variable(w0)
    torch = try_torch(1)
    t_fn = None
    if torch is not None:
        wt = torch.tensor(w0, requires_grad=True)

        def t_fn():
            return torch_chain(torch, x0, wt)
    # the two alternate over rounds (best of 5 runs per round): a single pass of each
    # differed by up to 2x on the shared benchmark machine
    t_k, t_t = best_of_alternating([lambda: kusari_chain(x0, wk), t_fn], repeat=5, rounds=4)
    per_k = t_k / N_OPS * 1e6
    line = 'chain of {} ops on (4, 4), forward+backward: kusari {:.2f} us/op'.format(N_OPS, per_k)
    if t_t is not None:
        per_t = t_t / N_OPS * 1e6
        line += ', PyTorch {:.2f} us/op, ratio {:.2f}x'.format(per_t, per_k / per_t)
    print(line)
    print(describe(torch))


if __name__ == '__main__':
    main()
