"""link_hooks.TimerHook: one record per link call; a chain's time includes its children."""
import io
import re

import numpy
import pytest

import kusari
import kusari.links as L
from kusari.link_hooks import TimerHook


class MLP(kusari.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(2, 3)
            self.l2 = L.Linear(3, 4)

    def forward(self, x):
        return self.l2(self.l1(x))


def test_history_summary_and_report():
    model = MLP()
    hook = TimerHook()
    with hook:
        model(numpy.ones((1, 2), numpy.float32))
        model(numpy.ones((1, 2), numpy.float32))
    names = [n for n, _ in hook.call_history]
    times = [t for _, t in hook.call_history]
    assert names == ['Linear', 'Linear', 'MLP'] * 2
    assert times[0] + times[1] <= times[2] and times[3] + times[4] <= times[5]
    assert hook.total_time() == pytest.approx(times[2] + times[5])
    summary = hook.summary()
    assert summary['Linear']['occurrence'] == 4 and summary['MLP']['occurrence'] == 2
    assert summary['MLP']['elapsed_time'] == pytest.approx(times[2] + times[5])
    out = io.StringIO()
    hook.print_report(unit='us', file=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ['LinkName', 'ElapsedTime', 'Occurrence']
    assert re.fullmatch(r' *Linear +[0-9.]+us +4', lines[1])
    assert re.fullmatch(r' *MLP +[0-9.]+us +2', lines[2])


def test_local_timer_on_one_link():
    model = MLP()
    hook = TimerHook()
    model.l2.add_hook(hook)
    model(kusari.Variable(numpy.ones((1, 2), numpy.float32)))
    assert [n for n, _ in hook.call_history] == ['Linear']
