"""MultiprocessIterator: what SerialIterator does (see test_serial_iterator.py, where it runs
every shared test), read in worker processes."""
import copy
import multiprocessing
import os
import time

import numpy
import pytest

from kusari import iterators

fork_only = pytest.mark.skipif(
    multiprocessing.get_start_method() != 'fork',
    reason='the test datasets are defined in this module, which spawned workers cannot import')
pytestmark = pytest.mark.filterwarnings(
    'ignore:This process .* is multi-threaded:DeprecationWarning')


class Pids:
    def __len__(self):
        return 8

    def __getitem__(self, i):
        return i, os.getpid()


class Failing:
    def __len__(self):
        return 4

    def __getitem__(self, i):
        if i == 2:
            raise KeyError('example 2 is missing')
        return i


class Dying:
    def __len__(self):
        return 4

    def __getitem__(self, i):
        if i == 3:
            os._exit(1)     # the worker process dies, as if killed
        return i


class Slow:
    def __len__(self):
        return 2

    def __getitem__(self, i):
        time.sleep(0.3)
        return i


@fork_only
def test_examples_come_from_worker_processes_in_order():
    it = iterators.MultiprocessIterator(Pids(), 4, repeat=False, shuffle=False,
                                        n_processes=2, n_prefetch=2)
    batches = list(it)
    it.finalize()
    assert [[i for i, _ in b] for b in batches] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    pids = {p for b in batches for _, p in b}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


@fork_only
def test_dataset_error_reaches_the_caller():
    it = iterators.MultiprocessIterator(Failing(), 2, shuffle=False, n_processes=2)
    assert next(it) == [0, 1]
    with pytest.raises(KeyError, match='example 2 is missing'):
        next(it)
    it.finalize()


@fork_only
def test_dead_worker_raises_instead_of_hanging():
    from concurrent.futures.process import BrokenProcessPool
    it = iterators.MultiprocessIterator(Dying(), 2, shuffle=False, n_processes=1)
    assert next(it) == [0, 1]
    with pytest.raises(BrokenProcessPool):
        next(it)
    it.finalize()


@fork_only
def test_slow_batch_warns_and_still_arrives():
    it = iterators.MultiprocessIterator(Slow(), 2, shuffle=False, n_processes=1,
                                        dataset_timeout=0.05)
    with pytest.warns(iterators.MultiprocessIterator.TimeoutWarning, match='0.05 s'):
        assert next(it) == [0, 1]
    it.finalize()


def test_copy_has_its_own_pool_and_position():
    data = list(range(10))
    it = iterators.MultiprocessIterator(data, 3, shuffle=False, n_processes=1)
    assert next(it) == [0, 1, 2]
    twin = copy.copy(it)
    assert next(twin) == [3, 4, 5] and next(twin) == [6, 7, 8]
    assert next(it) == [3, 4, 5]         # the original is where it was
    twin.finalize()
    assert next(it) == [6, 7, 8]         # and its pool survived the copy's finalize
    it.finalize()
    assert next(it) == [9, 0, 1]         # a finalized iterator starts a new pool


def test_reset_and_shared_mem_and_maxtasksperchild():
    data = numpy.arange(6.0)
    it = iterators.MultiprocessIterator(data, 4, repeat=False, shuffle=False, n_processes=2,
                                        shared_mem=1 << 20, maxtasksperchild=1)
    assert [list(b) for b in it] == [[0.0, 1.0, 2.0, 3.0], [4.0, 5.0]]
    it.reset()
    assert list(next(it)) == [0.0, 1.0, 2.0, 3.0] and it.epoch == 0
    it.finalize()


@pytest.mark.parametrize('kw', [{'n_processes': 0}, {'n_prefetch': 0}])
def test_bad_arguments(kw):
    with pytest.raises(ValueError, match='must be positive'):
        iterators.MultiprocessIterator([1, 2], 1, **kw)


def test_reset_after_finalize_raises_but_a_copy_can_reset():
    it = iterators.MultiprocessIterator(list(range(4)), 2, repeat=False, shuffle=False,
                                        n_processes=1)
    assert next(it) == [0, 1]
    it.finalize()
    with pytest.raises(NotImplementedError, match='finalized MultiprocessIterator'):
        it.reset()
    twin = copy.copy(it)
    twin.reset()
    assert next(twin) == [0, 1]
    twin.finalize()


@pytest.mark.parametrize('make', [
    lambda data: iterators.MultiprocessIterator(
        data, 2, n_processes=2, n_prefetch=2,
        order_sampler=iterators.ShuffleOrderSampler(numpy.random.RandomState(3))),
    lambda data: iterators.MultithreadIterator(
        data, 2, n_threads=2,
        order_sampler=iterators.ShuffleOrderSampler(numpy.random.RandomState(3))),
])
def test_pickled_mid_epoch_continues_with_the_same_batches(make):
    import pickle
    data = list(range(6))
    it = make(data)
    first = [next(it), next(it)]
    clone = pickle.loads(pickle.dumps(it))   # batches prefetched ahead stay behind
    assert clone.epoch_detail == pytest.approx(4 / 6)
    assert clone.previous_epoch_detail == pytest.approx(2 / 6)
    expected = [next(it) for _ in range(4)]
    assert [next(clone) for _ in range(4)] == expected
    assert sorted(sum(first, []) + expected[0]) == data
    it.finalize()
    clone.finalize()
