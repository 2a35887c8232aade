"""kusari.backends.cpu_memory: malloc is left alone unless asked; asked, freed blocks are
reused without page faults."""
import os
import subprocess
import sys

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
