"""kusari.backends.cpu_memory: malloc is left alone unless asked; asked, freed blocks are
reused without page faults."""
import os
import signal
import subprocess
import sys
import warnings

import pytest

from kusari.backends import cpu_memory

glibc = pytest.mark.skipif(not cpu_memory.available(), reason='glibc malloc only')

# Where does glibc put a fresh 24 MiB block? Its default mmap threshold (128 KiB, raised
# only by frees of larger mmapped blocks, and never beyond 32 MiB) gives it its own mmap
# (mallinfo's hblks counts one more mmapped chunk); with kusari's setting (32 MiB) it comes
# from the heap.
_MMAP_PROBE = r"""
import ctypes, sys
{setup}
libc = ctypes.CDLL(None)
class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        'arena', 'ordblks', 'smblks', 'hblks', 'hblkhd', 'usmblks', 'fsmblks', 'uordblks',
        'fordblks', 'keepcost')]
libc.mallinfo2.restype = Info
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = (ctypes.c_void_p,)
before = libc.mallinfo2().hblks
p = libc.malloc(24 << 20)
print(libc.mallinfo2().hblks - before)
libc.free(p)
"""


def _mmapped_after(setup, env=None):
    out = subprocess.run([sys.executable, '-c', _MMAP_PROBE.format(setup=setup)],
                         capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    return int(out.stdout) == 1


def _environment(value):
    env = dict(os.environ)
    env.pop('KUSARI_KEEP_FREED_MEMORY', None)
    if value is not None:
        env['KUSARI_KEEP_FREED_MEMORY'] = value
    return env


@glibc
def test_import_changes_no_mallopt_setting():
    """``import kusari`` (and its functions and links) leaves malloc's mmap threshold where a
    process without kusari has it; the probe tells the two settings apart."""
    env = _environment(None)
    assert _mmapped_after('import numpy', env)                    # glibc's default
    assert _mmapped_after('import kusari, kusari.functions, kusari.links', env)
    assert _mmapped_after('import kusari.functions as F, numpy\n'
                          'F.relu(numpy.ones((512, 512), numpy.float32))', env)
    assert not _mmapped_after('import kusari\n'
                              'kusari.backends.cpu_memory.keep_freed_memory()', env)


@glibc
def test_environment_variable_opts_in():
    assert not _mmapped_after('import kusari', _environment('1'))
    assert _mmapped_after('import kusari', _environment('0'))


# Allocate and free a few blocks of 2-16 MiB in a loop (the pattern of a training step) and
# count the page faults of the loop after one warm-up pass.
_FAULT_PROBE = r"""
import resource, sys
import numpy
import kusari
if sys.argv[1] == 'call':
    kusari.backends.cpu_memory.keep_freed_memory()
def cycle():
    for mib in (8, 16, 2, 8, 4):
        a = numpy.empty(mib << 20, numpy.uint8)
        a[::4096] = 1
        b = numpy.empty(mib << 19, numpy.uint8)
        b[::4096] = 1
        del a, b
cycle()
r0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):
    cycle()
print(kusari.backends.cpu_memory._state['applied'],
      resource.getrusage(resource.RUSAGE_SELF).ru_minflt - r0)
"""


def _faults(how):
    out = subprocess.run([sys.executable, '-c', _FAULT_PROBE, how], env=_environment(None),
                         capture_output=True, text=True, check=True).stdout.split()
    return out[0] == 'True', int(out[1])


@glibc
def test_keep_freed_memory_reuses_freed_blocks_without_faults():
    applied, faults = _faults('call')
    assert applied
    # 20 cycles touch 20 * 5 * 1.5 blocks of 2-16 MiB (about 13,000 pages): reused, they
    # fault at most a few times (glibc's own bookkeeping)
    assert faults < 200
    applied, faults = _faults('leave')
    assert not applied
    assert faults > 1000      # what the setting saves


def test_keep_freed_memory_is_idempotent():
    code = ('from kusari.backends import cpu_memory as m\n'
            'first = m.keep_freed_memory()\n'
            'print(first == m.available(), m.keep_freed_memory() is first)')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ['True', 'True']


# -- kusari's pool of large arrays -----------------------------------------------------------

import threading  # noqa: E402

import numpy  # noqa: E402

import kusari  # noqa: E402
import kusari.functions as F  # noqa: E402

_BIG = (256, 1024)    # 1 MiB of float32, above POOL_MIN_BYTES


def _from(pool, a):
    """Whether ``a`` lives in one of ``pool``'s blocks."""
    return any(a.base is block for lists in pool._blocks.values() for blocks in lists.values()
               for block in blocks)


def test_pool_arrays_are_plain_numpy_arrays():
    pool = cpu_memory.MemoryPool()
    a = pool.empty(_BIG, numpy.float32)
    assert type(a) is numpy.ndarray and a.shape == _BIG and a.dtype == numpy.float32
    assert a.flags.c_contiguous and a.flags.writeable and not a.flags.owndata
    a[...] = 3
    assert float(a.sum()) == 3 * a.size
    small = pool.empty((4, 5), numpy.float64)       # under POOL_MIN_BYTES: numpy.empty
    assert small.flags.owndata and pool.total_bytes() == a.nbytes
    assert pool.empty(5 * cpu_memory.POOL_MIN_BYTES, numpy.uint8).shape == (
        5 * cpu_memory.POOL_MIN_BYTES,)


def test_pool_reuses_a_block_only_when_every_view_is_gone():
    pool = cpu_memory.MemoryPool()
    a = pool.empty(_BIG, numpy.float32)
    address = a.ctypes.data
    view = a[10:20].T
    del a
    assert pool.used_bytes() == 1 << 20 and pool.free_bytes() == 0   # the view holds it
    b = pool.empty(_BIG, numpy.float32)
    assert b.ctypes.data != address
    del view
    assert pool.free_bytes() == 1 << 20
    c = pool.empty((1024, 255), numpy.float32)   # another shape, the same rounded size
    assert c.ctypes.data == address and pool.free_bytes() == 0
    del b, c
    assert pool.used_bytes() == 0 and pool.total_bytes() == 2 << 20


def test_pool_zeros_clears_a_reused_block():
    pool = cpu_memory.MemoryPool()
    a = pool.empty(_BIG, numpy.float32)
    a.fill(7)
    del a
    z = pool.zeros(_BIG, numpy.float32)
    assert not z.any()


def test_pool_keeps_at_most_max_free_bytes_and_frees_on_request():
    pool = cpu_memory.MemoryPool(max_free_bytes=3 << 20)
    arrays = [pool.empty(_BIG, numpy.float32) for _ in range(5)]
    recent = [a.ctypes.data for a in arrays[2:]]
    assert pool.total_bytes() == 5 << 20
    del arrays
    assert pool.free_bytes() == 5 << 20     # free, kept until the pool grows
    two = pool.empty((2, *_BIG), numpy.float32)   # a new block: the pool trims first
    assert pool.free_bytes() == 3 << 20 and pool.total_bytes() == 5 << 20
    kept = [pool.empty(_BIG, numpy.float32) for _ in range(3)]    # the last handed out
    assert sorted(a.ctypes.data for a in kept) == sorted(recent)
    del two, kept[1:]
    pool.free_all_blocks()
    assert pool.free_bytes() == 0 and pool.used_bytes() == 1 << 20
    assert pool.total_bytes() == 1 << 20
    del kept
    assert pool.free_bytes() == 1 << 20


def test_pool_hands_a_thread_the_blocks_it_used_itself_first():
    pool = cpu_memory.MemoryPool()
    mine = pool.empty(_BIG, numpy.float32)
    address = mine.ctypes.data
    theirs = []
    other = threading.Thread(target=lambda: theirs.append(pool.empty(_BIG, numpy.float32)))
    other.start()
    other.join()
    other_address = theirs[0].ctypes.data
    del mine
    theirs.clear()              # both free; the other thread's was handed out last
    again = pool.empty(_BIG, numpy.float32)
    assert again.ctypes.data == address
    second = pool.empty(_BIG, numpy.float32)    # then one the other thread used
    assert second.ctypes.data == other_address and pool.total_bytes() == 2 << 20
    assert list(pool._blocks[1 << 20]) == [threading.get_ident()]   # its emptied list gone
    assert pool.empty(_BIG, numpy.float32).ctypes.data not in (address, other_address)


def test_pool_hands_out_the_most_recently_used_free_block_first():
    pool = cpu_memory.MemoryPool()
    a, b, c = (pool.empty(_BIG, numpy.float32) for _ in range(3))
    addresses = [x.ctypes.data for x in (a, b, c)]
    del a, c
    assert pool.empty(_BIG, numpy.float32).ctypes.data == addresses[2]
    d = pool.empty(_BIG, numpy.float32)     # (the one before was freed at once)
    assert d.ctypes.data == addresses[2]
    assert pool.empty(_BIG, numpy.float32).ctypes.data == addresses[0]


@pytest.mark.parametrize('bad', [-1, 1.5, '1', None, True])
def test_pool_rejects_a_bad_max_free_bytes(bad):
    with pytest.raises(ValueError, match='MemoryPool: max_free_bytes must be a non-negative '
                                         r'integer, got {}'.format(repr(bad).replace('.', r'\.'))):
        cpu_memory.MemoryPool(max_free_bytes=bad)


def test_pool_is_thread_safe():
    pool = cpu_memory.MemoryPool()
    errors = []

    def churn(seed):
        rng = numpy.random.default_rng(seed)
        try:
            for _ in range(300):
                n = int(rng.integers(1, 6)) << 18
                a = pool.empty(n, numpy.uint8)
                a[::4096] = seed
                assert (a[::4096] == seed).all()    # nobody else writes into this block
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=churn, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert pool.used_bytes() == 0 and pool.free_bytes() == pool.total_bytes() > 0


def test_kernels_take_their_arrays_from_the_default_pool():
    pool = cpu_memory.get_default_memory_pool()
    x = numpy.random.default_rng(0).standard_normal((8, 16, 32, 32)).astype(numpy.float32)
    y = F.relu(x).array
    assert _from(pool, y)
    W = numpy.ones((16, 16, 3, 3), numpy.float32)
    assert _from(pool, F.convolution_2d(x, W, pad=1).array)
    assert not _from(pool, numpy.empty_like(y)) and not _from(cpu_memory.MemoryPool(), y)


# A small ResNet (a basic block per stage, batch 32): its activations and gradients of
# 0.5-2 MiB are freed and allocated again in a pattern that glibc's default thresholds
# serve with fresh pages.
_POOL_FAULT_PROBE = r"""
import resource
import numpy
import kusari, kusari.functions as F
rng = numpy.random.default_rng(0)
B = 32
x = rng.standard_normal((B, 3, 32, 32)).astype(numpy.float32)
def w(o, c, k):
    return kusari.Variable(rng.standard_normal((o, c, k, k)).astype(numpy.float32) * 0.1)
def gb(c):
    return (kusari.Variable(numpy.ones(c, numpy.float32)),
            kusari.Variable(numpy.zeros(c, numpy.float32)))
stem = w(16, 3, 3); stem_bn = gb(16)
stages = []
for cin, cout, s in ((16, 16, 1), (16, 32, 2), (32, 64, 2)):
    stages.append((w(cout, cin, 3), gb(cout), w(cout, cout, 3), gb(cout),
                   w(cout, cin, 1) if s > 1 else None, gb(cout), s))
def bn(h, p):
    return F.batch_normalization(h, p[0], p[1])
def step():
    h = F.relu(bn(F.convolution_2d(x, stem, pad=1), stem_bn))
    for W1, b1, W2, b2, Ws, bs, s in stages:
        y = F.relu(bn(F.convolution_2d(h, W1, stride=s, pad=1), b1))
        y = bn(F.convolution_2d(y, W2, pad=1), b2)
        sc = bn(F.convolution_2d(h, Ws, stride=s), bs) if Ws is not None else h
        h = F.relu(y + sc)
    F.sum(h * h).backward()
for _ in range(3):
    step()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(5):
    step()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _pool_step_faults(value):
    env = _environment(None)
    env.pop('KUSARI_CPU_MEMORY_POOL', None)
    if value is not None:
        env['KUSARI_CPU_MEMORY_POOL'] = value
    out = subprocess.run([sys.executable, '-c', _POOL_FAULT_PROBE], capture_output=True,
                         text=True, env=env)
    assert out.returncode == 0, out.stderr
    return int(out.stdout)


@glibc
def test_pool_spares_the_page_faults_of_a_training_step():
    # five steps: thousands of faults from malloc (12,800 to 13,900 on the 2-core VM), a few
    # dozen from the pool
    with_pool = _pool_step_faults(None)
    without = _pool_step_faults('0')
    assert with_pool < 200 < 5000 < without, (with_pool, without)


def test_environment_variable_turns_the_pool_off():
    code = ('import numpy, kusari, kusari.functions as F\n'
            'print(kusari.backends.cpu_memory.get_default_memory_pool() is None, '
            'F.relu(numpy.ones((512, 512), numpy.float32)).array.flags.owndata)')
    env = dict(os.environ, KUSARI_CPU_MEMORY_POOL='0')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, env=env)
    assert out.stdout.split() == ['True', 'True'], out.stderr
    assert kusari.backends.cpu_memory.get_default_memory_pool() is not None


def test_set_default_memory_pool():
    old = cpu_memory.get_default_memory_pool()
    try:
        cpu_memory.set_default_memory_pool(None)
        assert F.relu(numpy.ones(_BIG, numpy.float32)).array.flags.owndata
        mine = cpu_memory.MemoryPool()
        cpu_memory.set_default_memory_pool(mine)
        y = F.relu(numpy.ones(_BIG, numpy.float32)).array
        assert _from(mine, y) and mine.used_bytes() == 1 << 20
        with pytest.raises(TypeError, match='set_default_memory_pool: pool must be a '
                                            'MemoryPool or None, got dict'):
            cpu_memory.set_default_memory_pool({})
    finally:
        cpu_memory.set_default_memory_pool(old)


@pytest.mark.skipif(not hasattr(os, 'fork'), reason='fork only')
def test_pool_works_in_a_forked_child_even_if_forked_while_locked():
    pool = cpu_memory.MemoryPool()
    a = pool.empty(_BIG, numpy.float32)
    taken, done = threading.Event(), threading.Event()

    def hold():           # another thread's allocation in progress at the fork
        with pool._lock:
            taken.set()
            done.wait()

    holder = threading.Thread(target=hold)
    holder.start()
    taken.wait()
    try:
        with warnings.catch_warnings():   # (Python 3.12 warns of fork with threads)
            warnings.simplefilter('ignore', DeprecationWarning)
            pid = os.fork()
        if pid == 0:      # pragma: no cover - the child reports through its exit status
            ok = False
            signal.alarm(20)    # a lock left taken would hang the child: it dies instead
            try:
                del a
                b = pool.empty(_BIG, numpy.float32)
                b[...] = 1
                ok = pool.free_bytes() == 0 and float(b.sum()) == b.size
            finally:
                os._exit(0 if ok else 1)
    finally:
        done.set()
        holder.join()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
