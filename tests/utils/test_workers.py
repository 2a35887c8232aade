"""kusari.utils._workers: the polling worker threads behind the CPU batch split."""
import multiprocessing
import threading
import time

import numpy
import pytest

from kusari.functions.connection import _conv_utils
from kusari.utils import _workers


@pytest.mark.parametrize('n', [1, 2])
def test_run_returns_every_result_in_order(n):
    w = _workers.get(n, 'kusari-test')
    names = []

    def task(k):
        names.append(threading.current_thread().name)
        return k * k

    for rep in range(50):   # posting again and again, polling and sleeping in between
        out = w.run([(task, (k,)) for k in range(1, n + 1)], lambda: 'first')
        assert out == ['first'] + [k * k for k in range(1, n + 1)]
        if rep % 10 == 9:
            time.sleep(0.01)    # longer than the polling: the workers went to sleep
    assert set(names) == {'kusari-test-{}'.format(i) for i in range(n)}


def test_worker_exception_reaches_the_caller_after_every_share():
    w = _workers.get(2, 'kusari-test')
    done = []

    def slow():
        time.sleep(0.02)
        done.append(1)

    def bad():
        raise ValueError('share failed')

    with pytest.raises(ValueError, match='share failed'):
        w.run([(bad, ()), (slow, ())], lambda: None)
    assert done == [1]      # the caller waited for the slow share before raising
    assert w.run([(lambda: 2, ())] * 2, lambda: 1) == [1, 2, 2]   # still usable


def test_caller_exception_waits_for_the_workers():
    w = _workers.get(1, 'kusari-test')
    done = []

    def slow():
        time.sleep(0.02)
        done.append(1)

    def first():
        raise KeyError('first')

    with pytest.raises(KeyError):
        w.run([(slow, ())], first)
    assert done == [1]


def test_a_second_caller_gets_none_and_split_batch_does_the_work_itself(monkeypatch):
    monkeypatch.setattr(_conv_utils, 'CPU_THREADS', 2)
    w = _workers.get(1, 'kusari-conv')
    inside = threading.Event()
    release = threading.Event()

    def holder():
        w.run([(release.wait, ())], lambda: inside.set())

    t = threading.Thread(target=holder)
    t.start()
    assert inside.wait(60)
    try:
        assert w.run([(lambda: 1, ())], lambda: 0) is None
        out = _conv_utils.split_batch(5, lambda lo, hi: list(range(lo, hi)))
        assert out == [[0, 1], [2, 3, 4]]
    finally:
        release.set()
        t.join(60)
    assert not t.is_alive()


def test_split_batch_results_match_serial(monkeypatch):
    x = numpy.arange(12.0)
    for threads in (1, 2, 3):
        monkeypatch.setattr(_conv_utils, 'CPU_THREADS', threads)
        parts = _conv_utils.split_batch(12, lambda lo, hi: x[lo:hi].sum())
        assert len(parts) == threads and sum(parts) == x.sum()


def _child(q):
    _conv_utils.CPU_THREADS = 2
    q.put(_conv_utils.split_batch(4, lambda lo, hi: (lo, hi)))


@pytest.mark.filterwarnings('ignore:This process .* is multi-threaded:DeprecationWarning')
@pytest.mark.skipif('fork' not in multiprocessing.get_all_start_methods(), reason='no fork')
def test_forked_child_makes_its_own_workers(monkeypatch):
    monkeypatch.setattr(_conv_utils, 'CPU_THREADS', 2)
    assert _conv_utils.split_batch(4, lambda lo, hi: (lo, hi)) == [(0, 2), (2, 4)]
    ctx = multiprocessing.get_context('fork')
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(q,))
    p.start()
    try:
        assert q.get(timeout=60) == [(0, 2), (2, 4)]
    finally:
        p.join(60)
    assert p.exitcode == 0
