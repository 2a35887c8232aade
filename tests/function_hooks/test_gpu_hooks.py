"""CupyMemoryProfileHook and CUDAProfileHook: clear errors without CuPy; work on a GPU."""
import importlib.util
import io

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari.function_hooks import CUDAProfileHook, CupyMemoryProfileHook

_has_cupy = importlib.util.find_spec('cupy') is not None


@pytest.mark.skipif(_has_cupy, reason='CuPy is installed')
@pytest.mark.parametrize('cls', [CupyMemoryProfileHook, CUDAProfileHook])
def test_without_cupy_the_error_names_the_extra(cls):
    with pytest.raises(RuntimeError, match=r"kusari\[cupy\]"):
        cls()


def test_importing_the_hooks_does_not_import_cupy():
    import subprocess
    import sys
    code = ('import sys, kusari.function_hooks, kusari.link_hooks; '
            "print('cupy' in sys.modules)")
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == 'False'


def test_memory_report_formatting_without_a_gpu():
    hook = object.__new__(CupyMemoryProfileHook)
    hook.call_history = [('Exp', 3 * 1024 ** 2, 0, 0), ('Exp', 1024 ** 2, 2048, 0),
                         ('Mul', 512, 0, 1)]
    summary = hook.summary()
    assert summary['Exp'] == {'used_bytes': 4 * 1024 ** 2, 'acquired_bytes': 2048,
                              'occurrence': 2}
    out = io.StringIO()
    hook.print_report(file=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ['FunctionName', 'UsedBytes', 'AcquiredBytes', 'Occurrence']
    assert lines[1].split() == ['Exp', '4.00MB', '2.00KB', '2']
    out = io.StringIO()
    hook.print_report(unit='auto_foreach', file=out)
    assert out.getvalue().splitlines()[2].split() == ['Mul', '512.00B', '0.00B', '1']
    with pytest.raises(ValueError, match='unit must be one of'):
        hook.print_report(unit='bits')


@pytest.mark.gpu
def test_memory_profile_on_gpu():
    cupy = pytest.importorskip('cupy')
    hook = CupyMemoryProfileHook()
    x = kusari.Variable(cupy.ones((64, 64), cupy.float32))
    with hook:
        y = F.exp(x)
        y.grad = cupy.ones_like(y.array)
        y.backward()
    names = [h[0] for h in hook.call_history]
    assert names[0] == 'Exp' and names[-1] == 'Exp'
    assert all(isinstance(h[1], int) and isinstance(h[2], int) for h in hook.call_history)
    assert hook.total_used_bytes() >= 64 * 64 * 4


@pytest.mark.gpu
def test_cuda_profile_pushes_ranges(monkeypatch):
    cupy = pytest.importorskip('cupy')
    if not cupy.cuda.nvtx_enabled:
        pytest.skip('CuPy without NVTX')
    calls = []
    monkeypatch.setattr(cupy.cuda.nvtx, 'RangePush', lambda name: calls.append(name))
    monkeypatch.setattr(cupy.cuda.nvtx, 'RangePop', lambda: calls.append('pop'))
    with CUDAProfileHook():
        F.exp(kusari.Variable(cupy.ones(3, cupy.float32)))
    assert calls == ['Exp.forward', 'pop']
    numpy.testing.assert_array_equal(calls, ['Exp.forward', 'pop'])
