"""Shared helpers for the benchmark scripts: timing and the optional PyTorch import."""
import os
import time


def best_of(fn, repeat=5, number=1):
    """The best time in seconds of ``number`` calls of ``fn``, over ``repeat`` rounds."""
    fn()  # warm-up (JIT compilation, allocator)
    best = float('inf')
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - t0) / number)
    return best


def best_of_alternating(fns, repeat=5, rounds=3):
    """The best time in seconds of each function of ``fns`` (None entries stay None): the
    functions take turns, ``repeat`` calls each per round, over ``rounds`` rounds, so that
    a noisy phase of a shared machine does not fall on one of them only."""
    best = [None if f is None else float('inf') for f in fns]
    for f in fns:
        if f is not None:
            f()  # warm-up (JIT compilation, allocator)
    for _ in range(rounds):
        for i, f in enumerate(fns):
            if f is None:
                continue
            for _ in range(repeat):
                t0 = time.perf_counter()
                f()
                best[i] = min(best[i], time.perf_counter() - t0)
    return best


def try_torch(threads=None):
    """Import PyTorch with ``threads`` intra-op threads, or return None if it is absent."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(threads or os.cpu_count() or 1)
    return torch


def row(name, ours, theirs, extra=''):
    """Format one result line: times in ms and the ratio kusari / PyTorch."""
    if theirs is None:
        return '{:<44s} kusari {:9.3f} ms   (PyTorch not installed){}'.format(
            name, ours * 1e3, extra)
    return '{:<44s} kusari {:9.3f} ms   torch {:9.3f} ms   ratio {:5.2f}x{}'.format(
        name, ours * 1e3, theirs * 1e3, ours / theirs, extra)


def add_thread_options(parser):
    """``--threads N`` (every framework at N threads; default: each at its own default) and
    ``--keep-freed-memory`` (kusari's opt-in malloc setting, off by default)."""
    parser.add_argument('--threads', type=int, default=None,
                        help='threads of each framework (default: their defaults)')
    parser.add_argument('--keep-freed-memory', action='store_true',
                        help='call kusari.backends.cpu_memory.keep_freed_memory() first')
    parser.add_argument('--no-memory-pool', action='store_true',
                        help="turn kusari's CPU memory pool off (numpy.empty instead)")


def configure(args, torch=None):
    """Apply :func:`add_thread_options`'s options. With ``--threads N``: kusari's kernels,
    NumPy's BLAS (threadpoolctl, process-wide) and PyTorch at N threads."""
    import kusari
    if args.keep_freed_memory:
        kusari.backends.cpu_memory.keep_freed_memory()
    if args.no_memory_pool:
        kusari.backends.cpu_memory.set_default_memory_pool(None)
    if args.threads is not None:
        import threadpoolctl
        kusari.utils.set_num_threads(args.threads)
        threadpoolctl.threadpool_limits(args.threads, user_api='blas')
        if torch is not None:
            torch.set_num_threads(args.threads)


def describe(torch=None):
    """One line: the thread counts each framework runs with, the malloc setting, the load."""
    import kusari
    from kusari.utils import _threads
    return ('threads: kusari {} (NumPy BLAS {}; 1 inside kusari\'s splits), PyTorch {}; '
            'kusari memory pool {}; keep_freed_memory {}; load average {}'.format(
                kusari.utils.get_num_threads(), '/'.join(map(str, _threads.blas_threads())),
                'absent' if torch is None else torch.get_num_threads(),
                'off' if kusari.backends.cpu_memory.get_default_memory_pool() is None else 'on',
                'on' if kusari.backends.cpu_memory._state['applied'] else 'off',
                ' '.join('{:.2f}'.format(v) for v in os.getloadavg())))


def add_process_options(parser):
    """:func:`add_thread_options`, and the hidden ``--only FRAMEWORK`` with which
    :func:`run_rounds` runs the script again for one framework."""
    import argparse
    parser.add_argument('--only', choices=('kusari', 'torch'), help=argparse.SUPPRESS)
    add_thread_options(parser)


def run_rounds(script, args, options, rounds):
    """Each framework (kusari, and PyTorch when installed) runs ``script`` in a process of its
    own (:func:`run_child`) once per round, the two taking turns in alternating order.

    Returns
    -------
    dict
        Framework name -> the JSON results of its rounds, in order.
    """
    import importlib.util
    frameworks = ('kusari', 'torch') if importlib.util.find_spec('torch') else ('kusari',)
    results = {f: [] for f in frameworks}
    for r in range(rounds):
        for f in (frameworks if r % 2 == 0 else frameworks[::-1]):
            results[f].append(run_child(script, f, args, options))
    return results


def run_child(script, framework, args, options):
    """Run ``script`` again in a process of its own for one framework (``--only``), with
    ``options`` and the thread and memory options of ``args``; return the JSON of its last
    line of output."""
    import json
    import subprocess
    import sys
    cmd = [sys.executable, os.path.abspath(script), '--only', framework] + list(options)
    if args.threads is not None:
        cmd += ['--threads', str(args.threads)]
    if args.keep_freed_memory:
        cmd.append('--keep-freed-memory')
    if args.no_memory_pool:
        cmd.append('--no-memory-pool')
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])
