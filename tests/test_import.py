"""``import kusari`` stays light: it never imports CuPy, Numba or the heavy subpackages.

(Its time is a benchmark's business, not a test's: on a loaded machine a timing flips.)"""
import json
import subprocess
import sys

_SCRIPT = '''
import json, sys, time
t = time.perf_counter()
import kusari
dt = time.perf_counter() - t
numba = 'numba' in sys.modules
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('scipy', 'matplotlib', 'h5py')
               or m in ('kusari.links', 'kusari.training', 'kusari.optimizers', 'kusari.datasets'))
import kusari.functions, kusari.backends.cuda
x = kusari.Variable(__import__('numpy').ones(2))
kusari.functions.sum(x * x).backward()
print(json.dumps({'seconds': dt, 'cupy': 'cupy' in sys.modules,
                  'numba': numba, 'heavy': heavy}))
'''


def _run():
    out = subprocess.run([sys.executable, '-c', _SCRIPT], capture_output=True, text=True,
                         check=True, timeout=60)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_is_light_and_does_not_import_cupy():
    r = _run()
    assert not r['cupy'], 'import kusari imported cupy'
    assert not r['numba'], 'import kusari imported numba (lazy by design)'
    assert r['heavy'] == [], 'import kusari imported {}'.format(r['heavy'])
