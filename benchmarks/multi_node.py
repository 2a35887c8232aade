"""Data-parallel training on 1 vs 2 processes, and the cost of averaging the gradients.

    python benchmarks/multi_node.py [--unit 1000] [--batchsize 200] [--iters 60]
        [--chainer-python PATH]
    mpiexec -n N python benchmarks/multi_node.py --worker [--communicator packed] ...

Without ``--worker`` it launches itself under ``mpiexec -n 1`` (1 and 2 threads) and
``mpiexec -n 2`` (1 thread per process) with the ``packed`` and ``naive`` communicators and
prints one table. One iteration is ``StandardUpdater.update()`` of an MLP
784-unit-unit-10 (ReLU, softmax cross entropy, Adam through
``create_multi_node_optimizer``) on a *global* batch of ``--batchsize`` random examples,
split over the processes (strong scaling: the same MLP and global batch in every row).

Columns: ms per iteration (median over blocks of 10), ms inside ``multi_node_mean_grad``
per iteration (the all-reduce plus waiting for the slower process), and, measured apart
with the processes aligned by a barrier before every call (medians, the two interleaved):
``mean_grad`` alone and a bare ``mpi4py`` ``Allreduce`` of a float32 buffer of the same
size (the lower bound of any averaging), with their bandwidths (bytes of gradients per
second) and the ratio. Times on a shared machine are noisy: the load is printed.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def worker(a):
    import numpy
    from mpi4py import MPI

    if a.impl == 'chainer':       # real Chainer + ChainerMN, for reference
        import chainer.functions as F
        import chainer.links as L

        import chainer as kusari
        import chainermn
        from chainer import iterators, optimizers, training
    else:
        import kusari
        import kusari.functions as F
        import kusari.links as L
        from kusari import chainermn, iterators, optimizers, training

    class MLP(kusari.Chain):
        def __init__(self, n_units, n_out):
            super().__init__()
            with self.init_scope():
                self.l1 = L.Linear(784, n_units)
                self.l2 = L.Linear(n_units, n_units)
                self.l3 = L.Linear(n_units, n_out)

        def forward(self, x):
            return self.l3(F.relu(self.l2(F.relu(self.l1(x)))))

    world = MPI.COMM_WORLD
    comm = chainermn.create_communicator(a.communicator)
    rs = numpy.random.RandomState(comm.rank)
    local = a.batchsize // comm.size
    n = local * 20
    data = kusari.datasets.TupleDataset(rs.uniform(0, 1, (n, 784)).astype(numpy.float32),
                                        rs.randint(0, 10, n).astype(numpy.int32))
    model = L.Classifier(MLP(a.unit, 10))
    opt = chainermn.create_multi_node_optimizer(optimizers.Adam(), comm).setup(model)
    updater = training.updaters.StandardUpdater(iterators.SerialIterator(data, local), opt)
    spent = [0.0]
    inner = comm.multi_node_mean_grad

    def timed(*args, **kwargs):
        t = time.perf_counter()
        inner(*args, **kwargs)
        spent[0] += time.perf_counter() - t

    comm.multi_node_mean_grad = timed
    for _ in range(a.warmup):
        updater.update()
    blocks = []
    for _ in range(max(1, a.iters // 10)):
        world.Barrier()
        spent[0] = 0.0
        t = time.perf_counter()
        for _ in range(10):
            updater.update()
        blocks.append(((time.perf_counter() - t) / 10, spent[0] / 10))
    comm.multi_node_mean_grad = inner
    n_params = sum(p.size for p in model.params())
    buf = numpy.ones(n_params, numpy.float32)
    aligned, bare = [], []
    for _ in range(a.probe):
        world.Barrier()
        t = time.perf_counter()
        comm.multi_node_mean_grad(model)
        aligned.append(time.perf_counter() - t)
        world.Barrier()
        t = time.perf_counter()
        world.Allreduce(MPI.IN_PLACE, buf)
        bare.append(time.perf_counter() - t)
    mine = {'iter': statistics.median(b[0] for b in blocks),
            'mean_grad': statistics.median(b[1] for b in blocks),
            'aligned': statistics.median(aligned), 'bare': statistics.median(bare)}
    everyone = world.gather(mine)
    if comm.rank == 0:
        worst = {k: max(m[k] for m in everyone) for k in mine}
        worst.update(procs=comm.size, communicator=a.impl + ' ' + type(comm).__name__,
                     params=n_params, threads=os.environ.get('OMP_NUM_THREADS'))
        print('RESULT ' + json.dumps(worst))
        sys.stdout.flush()


def _mpiexec(python):
    local = os.path.join(os.path.dirname(python), 'mpiexec')
    return local if os.path.exists(local) else 'mpiexec'


def launch(a):
    runs = [(1, 1, 'packed', 'kusari'), (1, 2, 'packed', 'kusari'), (2, 1, 'packed', 'kusari'),
            (2, 1, 'naive', 'kusari')]
    if a.chainer_python:
        runs += [(1, 1, 'naive', 'chainer'), (2, 1, 'naive', 'chainer')]
    common = ['--unit', str(a.unit), '--batchsize', str(a.batchsize), '--iters', str(a.iters),
              '--warmup', str(a.warmup), '--probe', str(a.probe)]
    print('MLP 784-{0}-{0}-10, global batch {1}, Adam; medians; load before: {2}'.format(
        a.unit, a.batchsize, os.getloadavg()))
    print('{:>5} {:>7} {:<27} {:>9} {:>10} {:>10} {:>10} {:>9} {:>9} {:>6}'.format(
        'procs', 'threads', 'communicator', 'ms/iter', 'mean_grad', 'aligned',
        'bare MPI', 'GB/s', 'bare GB/s', 'ratio'))
    for procs, threads, name, impl in runs:
        env = dict(os.environ, OMP_NUM_THREADS=str(threads),
                   OPENBLAS_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
        python = a.chainer_python if impl == 'chainer' else sys.executable
        cmd = [_mpiexec(python), '-n', str(procs), python, os.path.abspath(__file__),
               '--worker', '--communicator', name, '--impl', impl] + common
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800)
        lines = [ln for ln in out.stdout.splitlines() if ln.startswith('RESULT ')]
        if out.returncode != 0 or not lines:
            print('{} x {} {}: failed\n{}'.format(procs, threads, name,
                                                  out.stdout[-2000:] + out.stderr[-2000:]))
            continue
        r = json.loads(lines[-1][len('RESULT '):])
        nbytes = 4 * r['params']
        comm_cols = ('{:10.2f} {:10.2f} {:10.2f} {:9.2f} {:9.2f} {:5.2f}x'.format(
            r['mean_grad'] * 1e3, r['aligned'] * 1e3, r['bare'] * 1e3,
            nbytes / r['aligned'] / 1e9, nbytes / r['bare'] / 1e9, r['aligned'] / r['bare'])
            if procs > 1 else '{:10.2f} {:>10} {:>10}'.format(r['mean_grad'] * 1e3, '-', '-'))
        print('{:>5} {:>7} {:<27} {:9.2f} {}'.format(procs, threads, r['communicator'],
                                                     r['iter'] * 1e3, comm_cols))
    print('params: {} ({:.1f} MB of float32 gradients); load after: {}'.format(
        r['params'], 4 * r['params'] / 1e6, os.getloadavg()))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--worker', action='store_true')
    p.add_argument('--communicator', default='packed')
    p.add_argument('--impl', default='kusari', choices=('kusari', 'chainer'))
    p.add_argument('--chainer-python', default=None,
                   help='python of a real Chainer + ChainerMN + mpi4py environment: adds '
                        'its naive communicator to the table, for reference')
    p.add_argument('--unit', type=int, default=1000)
    p.add_argument('--batchsize', type=int, default=200, help='global batch')
    p.add_argument('--iters', type=int, default=60)
    p.add_argument('--warmup', type=int, default=5)
    p.add_argument('--probe', type=int, default=30)
    a = p.parse_args()
    if a.worker:
        worker(a)
    else:
        launch(a)


if __name__ == '__main__':
    main()
