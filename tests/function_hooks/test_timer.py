"""function_hooks.TimerHook: one record per forward and backward, nested calls counted once."""
import io
import re
import time

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari.function_hooks import TimerHook
from kusari.functions.math import exponential, identity


@pytest.fixture
def x():
    return kusari.Variable(numpy.linspace(-1, 1, 6, dtype=numpy.float32).reshape(2, 3))


def test_records_each_forward_with_class_name_and_seconds(x):
    hook = TimerHook()
    with hook:
        F.exp(F.tanh(x))
    assert [name for name, _ in hook.call_history] == ['Tanh', 'Exp']
    assert all(isinstance(t, float) and t >= 0 for _, t in hook.call_history)
    assert hook.total_time() == pytest.approx(sum(t for _, t in hook.call_history))


def test_backward_is_recorded_and_nested_calls_count_once_in_total(x):
    f = exponential.Exp()
    hook = TimerHook()
    f.add_hook(hook)
    y, = f.apply((x,))
    y.grad = numpy.ones((2, 3), numpy.float32)
    y.backward()
    assert [n for n, _ in hook.call_history] == ['Exp', 'Exp']
    hook2 = TimerHook()
    x.cleargrad()        # (else the new gradient is added to the old one: one more Add)
    with hook2:
        y2 = F.exp(x)
        y2.grad = numpy.ones((2, 3), numpy.float32)
        y2.backward()
    names = [n for n, _ in hook2.call_history]
    # Exp's backward applies Mul (gy * y): recorded before the backward itself finishes
    assert names[0] == 'Exp' and names[-1] == 'Exp' and 'Mul' in names[1:-1]
    outer = hook2.call_history[0][1] + hook2.call_history[-1][1]
    assert hook2.total_time() == pytest.approx(outer)


def test_reentrant_calls_time_the_outer_one_inclusively():
    hook = TimerHook()
    f, g = exponential.Exp(), identity.Identity()
    a = numpy.zeros(3, numpy.float32)
    t0 = time.perf_counter()
    hook.backward_preprocess(f, (a,), (a,))
    t1 = time.perf_counter()
    hook.forward_preprocess(g, (a,))
    time.sleep(0.002)
    hook.forward_postprocess(g, (a,))
    t2 = time.perf_counter()
    hook.backward_postprocess(f, (a,), (a,))
    t3 = time.perf_counter()
    times = dict(hook.call_history)
    assert times['Identity'] <= t2 - t1
    assert t2 - t1 <= times['Exp'] <= t3 - t0
    assert hook.total_time() == times['Exp']


def test_summary_and_report(x):
    f = exponential.Exp()
    hook = TimerHook()
    f.add_hook(hook)
    f.apply((x,))
    f.apply((x,))
    summary = hook.summary()
    assert list(summary) == ['Exp'] and summary['Exp']['occurrence'] == 2
    assert summary['Exp']['elapsed_time'] == pytest.approx(sum(t for _, t in hook.call_history))
    for unit in ('sec', 'ms', 'us', 'ns', 'auto', 'auto_foreach'):
        out = io.StringIO()
        hook.print_report(unit=unit, file=out)
        lines = out.getvalue().splitlines()
        assert re.fullmatch(r'FunctionName +ElapsedTime +Occurrence', lines[0])
        assert re.fullmatch(r' +Exp +[0-9.]+(sec|ms|us|ns) +2', lines[1])
        assert len(lines) == 2
    out = io.StringIO()
    hook.print_report(unit='ms', file=out)
    ms = float(re.search(r'([0-9.]+)ms', out.getvalue()).group(1))
    assert ms == pytest.approx(summary['Exp']['elapsed_time'] * 1e3, abs=0.006)
    with pytest.raises(ValueError, match='unit must be one of'):
        hook.print_report(unit='minutes')


def test_units_of_auto():
    hook = TimerHook()
    hook.call_history = [('A', 2.5), ('B', 0.0015)]
    out = io.StringIO()
    hook.print_report(file=out)
    assert '2.50sec' in out.getvalue() and '0.00sec' in out.getvalue()
    out = io.StringIO()
    hook.print_report(unit='auto_foreach', file=out)
    assert '2.50sec' in out.getvalue() and '1.50ms' in out.getvalue()
