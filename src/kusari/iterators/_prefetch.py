"""The prefetching machinery shared by MultithreadIterator and MultiprocessIterator."""
import collections

from kusari.iterators._base import _EpochIterator, _next_indices


class _PrefetchIterator(_EpochIterator):
    """Batches read by a pool (``_make_pool``) while the previous ones are in use.

    Up to ``n_prefetch`` batches are requested ahead, except one that needs the next
    epoch's order: the order sampler is called only when that batch is asked for, so the
    sampler's state in a snapshot is in step with the position and a resumed run draws the
    same orders as an uninterrupted one.
    """

    n_prefetch = 1

    def reset(self):
        """Go back to the beginning (epoch 0, a fresh order)."""
        self._pending = collections.deque()
        self._initial_state()

    def finalize(self):
        """Stop the pool's workers (a later batch starts a new pool)."""
        pool, self._pool = self._pool, None
        self._pending = collections.deque()
        if pool is not None:
            self._close_pool(pool)

    def _close_pool(self, pool):
        pool.terminate()
        pool.join()

    def __del__(self):
        try:
            self.finalize()
        except Exception:  # pragma: no cover - interpreter shutdown
            pass

    def __copy__(self):
        # a copy continues from the same position with a pool of its own
        new = object.__new__(type(self))
        new.__dict__.update(self.__getstate__())
        return new

    def __getstate__(self):
        # the pool and the batches requested ahead stay behind: a copy or an unpickled
        # iterator requests its batches again from the position (the order sampler is never
        # called ahead of it, so they are the same batches)
        state = self.__dict__.copy()
        state['_pool'] = None
        state['_pending'] = collections.deque()
        return state

    def _needs_sampler(self, state):
        pos, epoch, _, order = state
        return order is not None and pos + self.batch_size >= len(order) and (
            self._repeat or epoch == 0)

    def _request(self, state):
        new_state, indices = _next_indices(state, self.batch_size, self._repeat,
                                           self.order_sampler, len(self.dataset))
        if indices is None:
            return state, None
        if self._pool is None:
            self._pool = self._make_pool()
        return new_state, self._submit(indices)

    def _fill(self):
        pending = self._pending
        while len(pending) < self.n_prefetch:
            ahead = pending[-1][0] if pending else self._state
            if (pending and pending[-1][1] is None) or self._needs_sampler(ahead):
                return
            pending.append(self._request(ahead))

    def __next__(self):
        self._fill()
        if self._pending:
            state, result = self._pending.popleft()
        else:
            state, result = self._request(self._state)
        if result is None:
            self._pending.clear()
            raise StopIteration
        self._previous_epoch_detail = self.epoch_detail
        self._state = state
        batch = self._collect(result)
        self._fill()
        return batch

    next = __next__

    def serialize(self, serializer):
        super().serialize(serializer)
        self._pending = collections.deque()

    def _collect(self, result):
        return result.get()
