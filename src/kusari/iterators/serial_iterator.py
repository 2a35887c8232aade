"""SerialIterator: minibatches read in the main thread."""
from kusari.iterators._base import _EpochIterator, _next_indices


class SerialIterator(_EpochIterator):
    """Iterate over a dataset in minibatches (lists of examples), in the calling thread.

    Parameters
    ----------
    dataset
        Any object with ``__len__`` and ``__getitem__``.
    batch_size : int
        Examples per batch.
    repeat : bool
        Go on forever (epoch after epoch); otherwise stop after one epoch, the last batch
        possibly shorter.
    shuffle : bool, optional
        Shuffle every epoch. ``None`` (the default) shuffles unless ``order_sampler`` is given.
    order_sampler : callable, optional
        ``order_sampler(current_order, current_position)`` returns the next epoch's order
        (for example :class:`~kusari.iterators.ShuffleOrderSampler`).
    """

    def __init__(self, dataset, batch_size, repeat=True, shuffle=None, order_sampler=None):
        super().__init__(dataset, batch_size, repeat, shuffle, order_sampler)
        self.reset()

    def __next__(self):
        self._previous_epoch_detail = self.epoch_detail
        self._state, indices = _next_indices(self._state, self.batch_size, self._repeat,
                                             self.order_sampler, len(self.dataset))
        if indices is None:
            raise StopIteration
        dataset = self.dataset
        return [dataset[i] for i in indices]

    next = __next__

    def reset(self):
        """Go back to the beginning (epoch 0, a fresh order)."""
        self._initial_state()
