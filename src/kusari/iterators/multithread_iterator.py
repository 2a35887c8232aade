"""MultithreadIterator: examples read by a thread pool, the next batch prefetched."""
from multiprocessing import pool as _pool

from kusari.iterators._base import _EpochIterator, _next_indices


class MultithreadIterator(_EpochIterator):
    """Like :class:`SerialIterator`, but the examples are read by ``n_threads`` threads while
    the previous batch is being used (good for datasets that read files or decode images).

    Parameters
    ----------
    dataset
        Any object with ``__len__`` and ``__getitem__``.
    batch_size : int
        Examples per batch.
    repeat : bool
        Go on forever; otherwise stop after one epoch.
    shuffle : bool, optional
        Shuffle every epoch (``None``: shuffle unless ``order_sampler`` is given).
    n_threads : int
        Reader threads.
    order_sampler : callable, optional
        See :class:`SerialIterator`.
    """

    def __init__(self, dataset, batch_size, repeat=True, shuffle=None, n_threads=1,
                 order_sampler=None):
        super().__init__(dataset, batch_size, repeat, shuffle, order_sampler)
        self.n_threads = n_threads
        self._pool = None
        self.reset()

    def reset(self):
        """Go back to the beginning (epoch 0, a fresh order)."""
        self._initial_state()
        self._next = None
        self._next_state = None

    def finalize(self):
        """Stop the reader threads."""
        pool, self._pool, self._next = self._pool, None, None
        if pool is not None:
            pool.terminate()
            pool.join()

    def _prefetch(self):
        self._next_state, indices = _next_indices(self._state, self.batch_size, self._repeat,
                                                  self.order_sampler, len(self.dataset))
        if indices is None:
            self._next = None
            return
        if self._pool is None:
            self._pool = _pool.ThreadPool(self.n_threads)
        dataset = self.dataset
        self._next = self._pool.map_async(dataset.__getitem__, list(indices))

    def __next__(self):
        if self._next is None and self._next_state is None:
            self._prefetch()
        self._previous_epoch_detail = self.epoch_detail
        pending = self._next
        self._state = self._next_state
        self._next_state = None
        if pending is None:
            raise StopIteration
        batch = pending.get()
        self._prefetch()
        return batch

    next = __next__

    def serialize(self, serializer):
        super().serialize(serializer)
        self._next = None
        self._next_state = None
