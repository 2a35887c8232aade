"""kusari.utils._threads: the thread count, the worker pool and the hold on BLAS's threads."""
import multiprocessing
import os
import subprocess
import sys
import threading
import time

import numpy
import pytest

import kusari
import kusari.functions as F
from kusari.utils import _numba, _threads


@pytest.fixture(scope='module')
def workers():
    return {n: _threads.Workers(n, 'kusari-test') for n in (1, 2)}


# -- the thread count ----------------------------------------------------------------------

def _count_in_subprocess(env_value):
    env = dict(os.environ)
    env.pop(_threads.ENVIRONMENT_VARIABLE, None)
    if env_value is not None:
        env[_threads.ENVIRONMENT_VARIABLE] = env_value
    return subprocess.run(
        [sys.executable, '-c', 'import kusari.utils as u; print(u.get_num_threads())'],
        env=env, capture_output=True, text=True)


def test_default_is_the_cores_available():
    out = _count_in_subprocess(None)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) == len(os.sched_getaffinity(0))


def test_environment_variable_sets_the_count():
    out = _count_in_subprocess('3')
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) == 3


def test_bad_environment_variable_names_itself():
    out = _count_in_subprocess('many')
    assert out.returncode != 0
    assert "KUSARI_NUM_THREADS must be a positive integer, got 'many'" in out.stderr


def test_set_num_threads(num_threads):
    kusari.utils.set_num_threads(5)
    assert kusari.utils.get_num_threads() == 5
    kusari.utils.set_num_threads(None)
    assert kusari.utils.get_num_threads() >= 1
    for bad in (0, -1, 1.5, '2', True):
        with pytest.raises(ValueError, match='set_num_threads: n must be a positive integer'):
            kusari.utils.set_num_threads(bad)


# -- the pool ------------------------------------------------------------------------------

def test_workers_keep_no_reference_to_a_finished_task(workers):
    # a worker that kept its last task alive kept the caller's arrays too: the caller's next
    # output then came from other, cache-cold memory (a 30% slower BN forward on 8 MB)
    import gc
    import weakref

    class Buffer:
        pass

    w = workers[2]
    for _ in range(3):
        buf = Buffer()
        ref = weakref.ref(buf)
        out = w.run([(lambda b: 1, (buf,)), (lambda b: 2, (buf,))], lambda: 0)
        assert out == [0, 1, 2]
        del buf
        gc.collect()
        assert ref() is None


@pytest.mark.parametrize('n', [1, 2])
def test_run_returns_every_result_in_order(workers, n):
    w = workers[n]
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


def test_worker_exception_reaches_the_caller_after_every_share(workers):
    w = workers[2]
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


def test_caller_exception_waits_for_the_workers(workers):
    w = workers[1]
    done = []

    def slow():
        time.sleep(0.02)
        done.append(1)

    def first():
        raise KeyError('first')

    with pytest.raises(KeyError):
        w.run([(slow, ())], first)
    assert done == [1]


def test_a_second_caller_gets_none_and_split_does_the_work_itself(num_threads):
    num_threads(2)
    w = _threads._pool(1)
    inside = threading.Event()
    release = threading.Event()

    def holder():
        w.run([(release.wait, ())], lambda: inside.set())

    t = threading.Thread(target=holder)
    t.start()
    assert inside.wait(60)
    try:
        assert w.run([(lambda: 1, ())], lambda: 0) is None
        caller = threading.current_thread().name
        out = _threads.split(5, lambda lo, hi: (list(range(lo, hi)),
                                                threading.current_thread().name))
        assert out == [([0, 1], caller), ([2, 3, 4], caller)]
    finally:
        release.set()
        t.join(60)
    assert not t.is_alive()


def test_split_results_match_serial(num_threads):
    x = numpy.arange(12.0)
    for threads in (1, 2, 3):
        num_threads(threads)
        parts = _threads.split(12, lambda lo, hi: x[lo:hi].sum())
        assert len(parts) == threads and sum(parts) == x.sum()


@pytest.mark.parametrize('settle', [0, _threads.SETTLE_PYTHON, 5000])
def test_split_passes_its_settle_rounds_to_the_workers(num_threads, settle):
    # the rounds a worker polls before it takes the GIL come with each task: the workers'
    # table holds them while the shares run, and the results do not depend on them
    num_threads(3)
    seen = []

    def work(lo, hi):
        seen.append(tuple(_threads._pool(2).settle))
        return list(range(lo, hi))

    parts = _threads.split(9, work, settle=settle)
    assert sum(parts, []) == list(range(9))
    assert seen and all(s == (settle, settle) for s in seen)
    parts = _threads.split(9, work)           # the default again for the next split
    assert tuple(_threads._pool(2).settle) == (_threads.SETTLE_ITERATIONS,) * 2


def test_split_below_its_minimum_size_and_nested_splits_run_in_the_caller(num_threads):
    num_threads(2)
    me = threading.current_thread().name
    assert _threads.split(4, lambda lo, hi: threading.current_thread().name, 100, 99) == [me]

    def outer(lo, hi):
        return _threads.split(4, lambda a, b: (a, b, threading.current_thread().name))

    first, second = _threads.split(2, outer)
    assert first == [(0, 2, me), (2, 4, me)]            # the caller's share splits again
    worker = second[0][2]
    assert worker != me and second == [(0, 4, worker)]  # a worker's share does not


def test_numpy_path_runs_in_one_thread(num_threads):
    num_threads(2)
    with kusari.using_config('use_numba', False):
        assert _threads.split(4, lambda lo, hi: (lo, hi)) == [(0, 4)]


def _child(q):
    _threads.set_num_threads(2)
    q.put(_threads.split(4, lambda lo, hi: (lo, hi)))


@pytest.mark.filterwarnings('ignore:This process .* is multi-threaded:DeprecationWarning')
@pytest.mark.skipif('fork' not in multiprocessing.get_all_start_methods(), reason='no fork')
def test_forked_child_makes_its_own_workers(num_threads):
    num_threads(2)
    assert _threads.split(4, lambda lo, hi: (lo, hi)) == [(0, 2), (2, 4)]
    ctx = multiprocessing.get_context('fork')
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(q,))
    p.start()
    try:
        assert q.get(timeout=60) == [(0, 2), (2, 4)]
    finally:
        p.join(60)
    assert p.exitcode == 0


# -- BLAS ----------------------------------------------------------------------------------

@pytest.fixture
def blas_at_two():
    """NumPy's BLAS at two threads for the test (restored after)."""
    libs = _threads._numpy_blas()
    if not libs:
        pytest.skip('threadpoolctl finds no BLAS library of NumPy')
    saved = _threads.blas_threads()
    for c in libs:
        c.set_num_threads(2)
    _release_control(libs)
    if any(n != 2 for n in _threads.blas_threads()):
        pytest.skip('this BLAS does not take a thread count')
    yield
    for c, n in zip(libs, saved):
        c.set_num_threads(n)
    _release_control(libs)


def _release_control(libs):
    # threadpoolctl >= 3.8 lets only the thread that set a pthreads OpenBLAS last set it
    # again: let the test's other threads (and the pool's holders) take control
    for c in libs:
        clear = getattr(type(c), 'clear_controlling_thread', None)
        if clear is not None:
            clear(force=True)


def test_blas_runs_in_one_thread_while_the_pool_is_held(num_threads, blas_at_two):
    num_threads(2)
    inside = _threads.split(2, lambda lo, hi: _threads.blas_threads())
    assert inside == [[1] * len(inside[0])] * 2
    assert _threads.blas_threads() == [2] * len(inside[0])

    def bad(lo, hi):
        raise RuntimeError('share failed')

    with pytest.raises(RuntimeError):
        _threads.split(2, bad)
    assert _threads.blas_threads() == [2] * len(inside[0])


def test_blas_is_not_touched_in_one_thread(num_threads, blas_at_two):
    num_threads(1)
    assert _threads.split(2, lambda lo, hi: _threads.blas_threads()) == [
        _threads.blas_threads()]


def test_splits_from_two_threads_at_once_give_blas_back(num_threads, blas_at_two):
    """Splits from two user threads overlapping again and again: one holds the pool (and
    BLAS at one thread), the other runs its shares itself; BLAS ends as it began."""
    num_threads(2)
    before = _threads.blas_threads()
    errors = []
    start = threading.Barrier(2)

    def work(lo, hi):
        time.sleep(0.0005)      # releases the GIL: the other thread's split overlaps
        return hi - lo

    def user():
        try:
            start.wait(60)
            for _ in range(200):
                assert sum(_threads.split(4, work)) == 4
        except BaseException as e:  # handed to the test thread
            errors.append(e)

    threads = [threading.Thread(target=user) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not errors, errors
    assert _threads.blas_threads() == before


def test_concurrent_convolutions_and_batch_normalization_keep_blas_and_results(
        num_threads, blas_at_two):
    """Two user threads run convolutions and batch normalization at once, again and again:
    afterwards NumPy's BLAS has the thread count it had before, and every result equals the
    one computed alone."""
    num_threads(2)
    before = _threads.blas_threads()
    rng = numpy.random.default_rng(0)
    x = rng.standard_normal((8, 16, 12, 12)).astype(numpy.float32)
    W3 = rng.standard_normal((16, 16, 3, 3)).astype(numpy.float32)   # Winograd
    W1 = rng.standard_normal((16, 16, 1, 1)).astype(numpy.float32)   # im2col, BLAS
    gamma = rng.uniform(0.5, 1.5, 16).astype(numpy.float32)
    beta = rng.standard_normal(16).astype(numpy.float32)

    def step(W, stride):
        xv = kusari.Variable(x)
        h = F.convolution_2d(xv, W, stride=stride, pad=W.shape[2] // 2)
        y = F.batch_normalization(h, gamma, beta)
        loss = F.sum(y * y)
        gx, = kusari.grad([loss], [xv])
        return y.array, gx.array

    cases = {'winograd': (W3, 1), 'im2col': (W1, 2)}
    alone = {key: step(*case) for key, case in cases.items()}
    results = {key: [] for key in cases}
    errors = []
    start = threading.Barrier(2)

    def user(key):
        try:
            start.wait(60)
            for _ in range(10):
                results[key].append(step(*cases[key]))
        except BaseException as e:  # handed to the test thread
            errors.append(e)

    threads = [threading.Thread(target=user, args=(key,)) for key in cases]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not errors, errors
    assert _threads.blas_threads() == before
    for key, ref in alone.items():
        assert len(results[key]) == 10
        for y, gx in results[key]:
            numpy.testing.assert_allclose(y, ref[0], rtol=1e-5, atol=1e-5)
            numpy.testing.assert_allclose(gx, ref[1], rtol=1e-5, atol=1e-4)


def _cpu_ticks_of_other_threads():
    """CPU ticks of this process's threads that are neither Python's nor kusari's: the
    threads of native libraries (OpenBLAS's)."""
    mine = {t.native_id for t in threading.enumerate()}
    ticks = {}
    for tid in os.listdir('/proc/self/task'):
        if int(tid) in mine:
            continue
        try:
            with open('/proc/self/task/{}/stat'.format(tid)) as f:
                fields = f.read().rsplit(')', 1)[1].split()
        except OSError:     # the thread ended
            continue
        ticks[tid] = int(fields[11]) + int(fields[12])    # utime + stime
    return ticks


@pytest.mark.skipif(not os.path.isdir('/proc/self/task'), reason='Linux /proc only')
def test_convolutions_leave_blas_threads_idle(num_threads, blas_at_two):
    """With NumPy's BLAS at two threads, kusari's convolutions (Winograd included) make
    every BLAS product inside a split, in one thread: BLAS's own threads, which spin for a
    while after each threaded product and would take the core of kusari's worker, stay
    idle."""
    num_threads(2)
    rng = numpy.random.default_rng(0)
    x = rng.standard_normal((2, 64, 8, 8)).astype(numpy.float32)
    W = rng.standard_normal((64, 64, 3, 3)).astype(numpy.float32)

    def step():
        xv, Wv = kusari.Variable(x), kusari.Variable(W)
        y = F.convolution_2d(xv, Wv, pad=1)
        kusari.grad([F.sum(y * y)], [xv, Wv])

    step()
    before = _cpu_ticks_of_other_threads()
    for _ in range(20):
        step()
    after = _cpu_ticks_of_other_threads()
    busy = sum(t - before.get(tid, 0) for tid, t in after.items())
    assert busy <= 2, 'native threads took {} ticks'.format(busy)


# -- threaded ufuncs -----------------------------------------------------------------------

@pytest.mark.parametrize('f', [numpy.add, numpy.subtract, numpy.multiply, numpy.true_divide])
@pytest.mark.parametrize('shapes', [((64, 40, 41), (64, 40, 41)), ((64, 40, 41), (40, 1)),
                                    ((1, 2000), (2000, 1))])
def test_ufunc_split_is_numpys_result_bit_for_bit(num_threads, monkeypatch, f, shapes):
    num_threads(2)
    monkeypatch.setattr(_threads, 'UFUNC_SPLIT_MIN', 1000)
    rng = numpy.random.default_rng(0)
    a = rng.standard_normal(shapes[0]).astype(numpy.float32)
    b = rng.uniform(0.5, 2.0, shapes[1]).astype(numpy.float32)
    calls = []
    split = _threads.split
    monkeypatch.setattr(_threads, 'split', lambda n, work, *args, **kw: calls.append(n) or
                        split(n, work, *args, **kw))
    out = _threads.ufunc(f, a, b)
    want = f(a, b)
    assert out.dtype == want.dtype and out.shape == want.shape
    numpy.testing.assert_array_equal(out, want)
    assert calls == [want.shape[0]]    # the shares are rows of the result


@pytest.mark.parametrize('f', [numpy.add, numpy.multiply])
def test_ufunc_split_with_a_scalar_of_the_arrays_dtype(num_threads, monkeypatch, f):
    num_threads(2)
    monkeypatch.setattr(_threads, 'UFUNC_SPLIT_MIN', 1000)
    a = numpy.random.default_rng(0).standard_normal((64, 50)).astype(numpy.float32)
    s = numpy.float32(1.7)
    out = _threads.ufunc(f, a, s)
    assert out.dtype == numpy.float32
    numpy.testing.assert_array_equal(out, f(a, s))


@pytest.mark.parametrize('small', [False, True])
def test_ufunc_into_out_also_in_place(num_threads, monkeypatch, small):
    num_threads(2)
    if not small:
        monkeypatch.setattr(_threads, 'UFUNC_SPLIT_MIN', 1000)
    rng = numpy.random.default_rng(1)
    a = rng.standard_normal((64, 50)).astype(numpy.float32)
    b = rng.standard_normal((64, 50)).astype(numpy.float32)
    out = numpy.full_like(a, numpy.nan)
    assert _threads.ufunc(numpy.multiply, a, b, out=out) is out
    numpy.testing.assert_array_equal(out, a * b)
    want = a + a
    assert _threads.ufunc(numpy.add, a, a, out=a) is a     # shares are disjoint rows
    numpy.testing.assert_array_equal(a, want)
    # an out of another dtype: NumPy's own casting rules and errors
    with pytest.raises(TypeError):
        _threads.ufunc(numpy.add, a, b, out=numpy.empty((64, 50), numpy.int32))


def test_ufunc_runs_plain_below_its_size_or_for_other_operands(num_threads, monkeypatch):
    num_threads(2)
    monkeypatch.setattr(_threads, 'split', lambda *args, **kw: pytest.fail('split taken'))
    a = numpy.ones((4, 5), numpy.float32)
    assert _threads.ufunc(numpy.add, a, a).tolist() == (a + a).tolist()
    big = numpy.ones((1 << 11, 1 << 10), numpy.float32)
    for other in (2.0, numpy.float64(2.0), big.astype(numpy.float64), big.astype(numpy.int32)):
        out = _threads.ufunc(numpy.add, big, other)
        assert out.dtype == (big + other).dtype


def test_ufunc_keeps_the_callers_errstate_in_every_share(num_threads, monkeypatch):
    num_threads(2)
    monkeypatch.setattr(_threads, 'UFUNC_SPLIT_MIN', 16)
    a = numpy.ones((8, 4), numpy.float32)
    b = numpy.ones((8, 4), numpy.float32)
    b[-1, -1] = 0.0      # in the last share, which a worker runs
    with numpy.errstate(divide='raise'):
        with pytest.raises(FloatingPointError):
            _threads.ufunc(numpy.true_divide, a, b)
    with numpy.errstate(divide='ignore'):
        assert numpy.isinf(_threads.ufunc(numpy.true_divide, a, b)[-1, -1])


def test_convolutions_hand_split_conv_their_batch_and_flops(num_threads, monkeypatch):
    num_threads(2)
    calls = []
    split_conv = _threads.split_conv
    monkeypatch.setattr(_threads, 'split_conv', lambda n, work, flops: calls.append(
        (n, flops)) or split_conv(n, work, flops))
    x = numpy.ones((4, 3, 8, 8), numpy.float32)
    W = numpy.ones((5, 3, 3, 3), numpy.float32)
    y = F.convolution_2d(x, W, pad=1).array
    assert calls == [(4, 2 * 4 * 5 * 27 * 64)]
    assert y.shape == (4, 5, 8, 8) and (y[:, :, 1:-1, 1:-1] == 27).all()


def test_split_conv_below_its_flops_is_one_share(num_threads):
    num_threads(2)
    small = _threads.CONV_SPLIT_MIN_FLOPS - 1
    shares = _threads.split_conv(4, lambda lo, hi: (lo, hi), small)
    with _numba.small_sizes():        # (the kernel-path runner lowers every threshold)
        split = _threads.split_conv(4, lambda lo, hi: (lo, hi), small)
    if not _numba._small[0]:
        assert shares == [(0, 4)]
    assert split == [(0, 2), (2, 4)]
    assert _threads.split_conv(4, lambda lo, hi: (lo, hi), small + 1) == [(0, 2), (2, 4)]


def test_unsplit_convolution_holds_blas_at_one_thread(num_threads, blas_at_two):
    # one share in this thread: BLAS at one thread while it runs (its own threads would
    # spin beside kusari's), two again after, also when the share raises
    if _numba._small[0]:
        pytest.skip('the kernel-path runner splits every convolution')
    num_threads(2)
    seen = []
    _threads.split_conv(4, lambda lo, hi: seen.append(_threads.blas_threads()), 1)
    assert seen == [[1] * len(seen[0])] and _threads.blas_threads() == [2] * len(seen[0])

    def fail(lo, hi):
        raise KeyError('share')

    with pytest.raises(KeyError):
        _threads.split_conv(4, fail, 1)
    assert _threads.blas_threads() == [2] * len(seen[0])
    # a split below its size whose work calls no BLAS leaves it alone
    _threads.split(4, lambda lo, hi: seen.append(_threads.blas_threads()), 10, 1,
                   uses_blas=False)
    assert seen[-1] == [2] * len(seen[0])
    num_threads(1)         # kusari in one thread: BLAS is left alone
    _threads.split_conv(4, lambda lo, hi: seen.append(_threads.blas_threads()), 1)
    assert seen[-1] == [2] * len(seen[0])


def test_shares_is_the_number_of_shares_split_cuts(num_threads):
    def cut(n, min_size=0, size=None):
        return len(_threads.split(n, lambda lo, hi: (lo, hi), min_size, size, uses_blas=False))

    for threads in (1, 2, 3):
        num_threads(threads)
        for n, min_size, size in ((1, 0, None), (2, 0, None), (7, 0, None), (7, 100, 99),
                                  (7, 100, 100), (7, 100, None)):
            assert _threads.shares(n, min_size, size) == cut(n, min_size, size), (
                threads, n, min_size, size)
        assert _threads.shares(7, 100, 99) == 1
        assert _threads.shares(7) == min(threads, 7)
    num_threads(2)
    inner = []
    _threads.split(2, lambda lo, hi: inner.append(_threads.shares(5)))
    # inside the worker's share: no split; inside the caller's, as many shares as split
    # cuts there (run one after the other while this split holds the pool)
    assert sorted(inner) == [1, 2]
