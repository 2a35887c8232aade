"""The build-time warm-up (``kusari.utils._kernel_warmup``, run by setup.py) compiles every
kernel the main job uses, so that a wheel ships them all."""
import json
import os
import subprocess
import sys

import pytest

_MAIN_JOB = '''
import json, runpy, sys
from kusari.utils import _numba
sys.argv = ['train_digits', '--epoch', '1', '--train-size', '64', '--out', sys.argv[1],
            '--no-progress']
try:
    runpy.run_module('kusari.examples.train_digits', run_name='__main__')
except SystemExit as e:
    assert not e.code, e.code
compiled = {}
for name, k in _numba.KERNELS.items():
    if k._dispatcher is not None:
        s = k.dispatcher.stats
        compiled[name] = [sum(s.cache_hits.values()), sum(s.cache_misses.values())]
print(json.dumps(compiled))
'''


@pytest.mark.slow
def test_the_main_job_finds_every_kernel_compiled_by_the_warmup(tmp_path):
    pytest.importorskip('sklearn')
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / 'cache'))
    env.pop('KUSARI_USE_NUMBA', None)
    subprocess.run([sys.executable, '-m', 'kusari.utils._kernel_warmup'], env=env,
                   check=True, timeout=600, capture_output=True)
    out = subprocess.run([sys.executable, '-c', _MAIN_JOB, str(tmp_path / 'result')], env=env,
                         check=True, timeout=600, capture_output=True, text=True)
    used = json.loads(out.stdout.strip().splitlines()[-1])
    assert used, 'the main job ran no kernel'
    missed = {name: m for name, (h, m) in used.items() if m}
    assert not missed, 'compiled by the main job, not by the warm-up: {}'.format(missed)
