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
