"""kusari.backends.cpu_memory: freed blocks are reused without page faults."""
import os
import subprocess
import sys

import pytest

from kusari.backends import cpu_memory

# Allocate and free a few blocks of 2-16 MiB in a loop (the pattern of a training step) and
# count the page faults of the loop after one warm-up pass.
_PROBE = r"""
import resource, sys
import numpy
import kusari
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


def _probe(env_value):
    env = dict(os.environ)
    if env_value is None:
        env.pop('KUSARI_KEEP_FREED_MEMORY', None)
    else:
        env['KUSARI_KEEP_FREED_MEMORY'] = env_value
    out = subprocess.run([sys.executable, '-c', _PROBE], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    return out[0] == 'True', int(out[1])


glibc = pytest.mark.skipif(
    not sys.platform.startswith('linux') or not cpu_memory.keep_freed_memory(),
    reason='glibc malloc only')


@glibc
def test_import_keeps_freed_memory():
    applied, faults = _probe(None)
    assert applied
    # 20 cycles touch 20 * 5 * 1.5 blocks of 2-16 MiB (about 13,000 pages): reused, they
    # fault at most a few times (glibc's own bookkeeping)
    assert faults < 200


@glibc
def test_environment_turns_it_off():
    applied, _ = _probe('0')
    assert not applied


def test_keep_freed_memory_is_idempotent():
    first = cpu_memory.keep_freed_memory()
    assert cpu_memory.keep_freed_memory() is first
