import numpy
import pytest

from kusari import iterators
from kusari.serializers import DictionarySerializer, NpzDeserializer

ITERATORS = [iterators.SerialIterator,
             lambda *a, **k: iterators.MultithreadIterator(*a, n_threads=2, **k),
             lambda *a, **k: iterators.MultiprocessIterator(*a, n_processes=2, **k),
             lambda *a, **k: iterators.MultiprocessIterator(*a, n_processes=1, n_prefetch=3,
                                                            **k)]


def _save(it):
    s = DictionarySerializer()
    it.serialize(s)
    return dict(s.target)


@pytest.mark.parametrize('make', ITERATORS)
def test_no_shuffle_repeat(make):
    it = make(list(range(5)), 2, shuffle=False)
    assert it.epoch == 0 and it.epoch_detail == 0 and it.previous_epoch_detail is None
    assert next(it) == [0, 1]
    assert not it.is_new_epoch and it.epoch_detail == pytest.approx(0.4)
    assert it.previous_epoch_detail == 0
    assert it.next() == [2, 3]
    assert next(it) == [4, 0]  # crosses the epoch boundary
    assert it.is_new_epoch and it.epoch == 1 and it.epoch_detail == pytest.approx(1.2)
    assert it.previous_epoch_detail == pytest.approx(0.8)
    assert next(it) == [1, 2]
    assert not it.is_new_epoch
    it.finalize()


@pytest.mark.parametrize('make', ITERATORS)
def test_no_repeat_stops_with_short_last_batch(make):
    it = make(list(range(5)), 2, repeat=False, shuffle=False)
    assert list(it) == [[0, 1], [2, 3], [4]]
    assert it.epoch == 1 and it.is_new_epoch
    with pytest.raises(StopIteration):
        next(it)
    it.reset()
    assert it.epoch == 0 and next(it) == [0, 1]
    it.finalize()


@pytest.mark.parametrize('make', ITERATORS)
def test_shuffle_is_a_permutation_each_epoch(make):
    numpy.random.seed(1)
    it = make(list(range(10)), 5)  # shuffle=None shuffles
    epochs = [sorted(next(it) + next(it)) for _ in range(3)]
    assert all(e == list(range(10)) for e in epochs)
    it.reset()
    first = next(it) + next(it)
    assert first != list(range(10))
    it.finalize()


def test_batch_larger_than_dataset():
    it = iterators.SerialIterator([0, 1, 2], 7, shuffle=False)
    assert next(it) == [0, 1, 2, 0, 1, 2, 0]
    assert it.epoch == 2 and it.current_position == 1


def test_empty_repeating_dataset_raises():
    it = iterators.SerialIterator([], 2)
    with pytest.raises(ValueError, match='Epoch size must be positive'):
        next(it)


def test_shuffle_and_order_sampler_conflict():
    with pytest.raises(ValueError, match='custom `order_sampler` is set'):
        iterators.SerialIterator([1], 1, shuffle=True,
                                 order_sampler=iterators.ShuffleOrderSampler())


def test_custom_order_sampler():
    class Reverse(iterators.OrderSampler):
        def __call__(self, order, pos):
            return numpy.arange(len(order))[::-1]

    it = iterators.SerialIterator(list(range(4)), 2, order_sampler=Reverse())
    assert next(it) == [3, 2]

    class Bad(iterators.OrderSampler):
        calls = 0

        def __call__(self, order, pos):
            self.calls += 1
            return numpy.arange(len(order) + (self.calls > 1))  # wrong size after reset

    it = iterators.SerialIterator(list(range(4)), 4, order_sampler=Bad())
    with pytest.raises(ValueError, match='size of order does not match'):
        next(it)


@pytest.mark.parametrize('make', ITERATORS)
@pytest.mark.parametrize('n_before', [2, 4])
def test_serialize_resume_continues_identically(make, n_before):
    # after 4 batches of 3 over 7 examples the next batch starts epoch 2: a prefetching
    # iterator must not have drawn that order before the snapshot
    data = list(range(7))

    def sampler(seed):
        return iterators.ShuffleOrderSampler(numpy.random.RandomState(seed))

    uninterrupted = make(data, 3, order_sampler=sampler(4))
    expected = [next(uninterrupted) for _ in range(n_before + 6)][n_before:]
    a = make(data, 3, order_sampler=sampler(4))
    for _ in range(n_before):
        next(a)
    state = _save(a)
    assert [next(a) for _ in range(6)] == expected      # saving changes nothing
    b = make(data, 3, order_sampler=sampler(9))
    b.serialize(NpzDeserializer(state))
    assert (b.epoch, b.current_position) == divmod(3 * n_before, 7)
    assert b.previous_epoch_detail == pytest.approx((3 * n_before - 3) / 7)
    # the generator state travels with the snapshot: later epochs match too
    assert [next(b) for _ in range(6)] == expected
    for it in (uninterrupted, a, b):
        it.finalize()


def test_serialize_old_snapshot_without_previous_epoch_detail():
    it = iterators.SerialIterator(list(range(4)), 2, shuffle=False)
    next(it)
    next(it)
    next(it)
    state = _save(it)
    del state['previous_epoch_detail']
    b = iterators.SerialIterator(list(range(4)), 2, shuffle=False)
    b.serialize(NpzDeserializer(state))
    assert b.previous_epoch_detail == pytest.approx(1.0)


def test_multithread_reads_in_threads():
    import threading
    seen = set()

    class D:
        def __len__(self):
            return 6

        def __getitem__(self, i):
            seen.add(threading.current_thread().name)
            return i

    it = iterators.MultithreadIterator(D(), 3, repeat=False, shuffle=False, n_threads=2)
    assert list(it) == [[0, 1, 2], [3, 4, 5]]
    it.finalize()
    assert threading.main_thread().name not in seen


def test_state_has_chainer_field_names():
    it = iterators.SerialIterator(numpy.arange(6), 4, shuffle=True)
    it.next()
    state = it._state
    assert (state.current_position, state.epoch, state.is_new_epoch) == (4, 0, False)
    assert sorted(state.order.tolist()) == list(range(6))
    assert state[3] is state.order


def test_serializers_without_children_work():
    # Chainer's iterators save no order sampler, so flat serializers (ChainerMN's tests use
    # them) must do: a serializer whose __getitem__ is not implemented is skipped there
    from kusari.serializer import Deserializer, Serializer

    class Flat(Serializer):
        def __init__(self):
            self.data = {}

        def __getitem__(self, key):
            raise NotImplementedError

        def __call__(self, key, value):
            self.data[key] = value
            return value

    class FlatLoad(Deserializer):
        def __init__(self, data):
            self.data = data

        def __getitem__(self, key):
            raise NotImplementedError

        def __call__(self, key, value):
            if isinstance(value, numpy.ndarray):
                numpy.copyto(value, self.data[key])
                return value
            return self.data[key]

    sampler = iterators.ShuffleOrderSampler(numpy.random.RandomState(0))   # has a state
    a = iterators.SerialIterator(numpy.arange(6), 2, order_sampler=sampler)
    a.next()
    saved = Flat()
    a.serialize(saved)
    assert set(saved.data) >= {'current_position', 'epoch', 'is_new_epoch', 'order'}
    b = iterators.SerialIterator(numpy.arange(6), 2)
    b.serialize(FlatLoad(saved.data))
    assert b.next() == a.next()
