"""One optimizer ``update()`` over 100 float32 parameters of 256x256, kusari vs PyTorch (CPU).

Run: python benchmarks/optimizers.py [--threads N] (default: each framework at its default)
Gradients are set beforehand, so only the update itself is timed (kusari: ``update()`` with
no loss function; PyTorch: ``step()``). PyTorch runs its default CPU implementation and, for
reference, ``foreach=True``. Target: kusari at most 1.5x PyTorch's default.
"""
import argparse

import numpy

import kusari
from kusari import optimizers

from _common import add_thread_options, best_of, configure, describe, row

N_PARAMS = 100
SHAPE = (256, 256)


class Model(kusari.Link):
    def __init__(self, arrays):
        super().__init__()
        with self.init_scope():
            for i, a in enumerate(arrays):
                setattr(self, 'p{:03d}'.format(i), kusari.Parameter(a.copy()))


def kusari_setup(make_opt, arrays, grads):
    model = Model(arrays)
    for p, g in zip(model.params(), grads):
        p.grad = g.copy()
    opt = make_opt().setup(model)
    return opt


def torch_setup(torch, make_opt, arrays, grads):
    params = [torch.nn.Parameter(torch.from_numpy(a.copy())) for a in arrays]
    for p, g in zip(params, grads):
        p.grad = torch.from_numpy(g.copy())
    return make_opt(params)


def main():
    parser = argparse.ArgumentParser()
    add_thread_options(parser)
    args = parser.parse_args()
    rng = numpy.random.default_rng(0)
    arrays = [rng.standard_normal(SHAPE).astype(numpy.float32) for _ in range(N_PARAMS)]
    grads = [rng.standard_normal(SHAPE).astype(numpy.float32) * 1e-3 for _ in range(N_PARAMS)]
    try:
        import torch
    except ImportError:
        torch = None
    configure(args, torch)

    cases = [
        ('MomentumSGD(lr=0.01, momentum=0.9)',
         lambda: optimizers.MomentumSGD(lr=0.01, momentum=0.9),
         lambda ps, **kw: torch.optim.SGD(ps, lr=0.01, momentum=0.9, **kw)),
        ('Adam(alpha=0.001)',
         lambda: optimizers.Adam(alpha=0.001),
         lambda ps, **kw: torch.optim.Adam(ps, lr=0.001, **kw)),
        ('SGD(lr=0.01)',
         lambda: optimizers.SGD(lr=0.01),
         lambda ps, **kw: torch.optim.SGD(ps, lr=0.01, **kw)),
    ]
    print('{} parameters of {}x{} float32, one update'.format(N_PARAMS, *SHAPE))
    print(describe(torch))
    for name, make_k, make_t in cases:
        opt = kusari_setup(make_k, arrays, grads)
        t_k = best_of(opt.update, repeat=15)
        with kusari.using_config('use_numba', False):
            opt = kusari_setup(make_k, arrays, grads)
            t_np = best_of(opt.update, repeat=15)
        t_t = t_f = None
        if torch is not None:
            topt = torch_setup(torch, make_t, arrays, grads)
            t_t = best_of(topt.step, repeat=15)
            topt = torch_setup(torch, lambda ps: make_t(ps, foreach=True), arrays, grads)
            t_f = best_of(topt.step, repeat=15)
        print(row(name, t_k, t_t))
        print(row('  (kusari NumPy path, no Numba)', t_np, t_t))
        if t_f is not None:
            print(row('  (vs PyTorch foreach=True)', t_k, t_f))


if __name__ == '__main__':
    main()
