"""The epoch bookkeeping shared by the iterators."""
import collections

import numpy

from kusari.dataset.iterator import Iterator
from kusari.iterators.order_samplers import ShuffleOrderSampler

#: An iterator's position: a tuple with Chainer's field names (``it._state.order``).
IteratorState = collections.namedtuple(
    'IteratorState', ('current_position', 'epoch', 'is_new_epoch', 'order'))


def _next_indices(state, batch_size, repeat, order_sampler, dataset_len):
    """Advance ``state = (position, epoch, is_new_epoch, order)`` by one batch.

    Returns the new state and the indices of the batch (None at the end of a non-repeating
    iterator). A batch that crosses the end of an epoch continues into the next one when
    repeating; each crossing draws a new order from the sampler.
    """
    pos, epoch, _, order = state
    if not repeat and epoch > 0:
        return state, None
    n = dataset_len if order is None else len(order)
    if repeat and n == 0:
        raise ValueError('Epoch size must be positive for an iterator that repeats.')
    parts = []
    end = pos + batch_size
    new_epoch = False
    while end >= n:
        parts.append(numpy.arange(pos, n, dtype=numpy.intp) if order is None else order[pos:n])
        if order is not None:
            new_order = order_sampler(order, pos)
            if len(new_order) != len(order):
                raise ValueError('The size of order does not match the size of the previous '
                                 'order.')
            order = new_order
        epoch += 1
        new_epoch = True
        pos = 0
        if not repeat:
            end = 0
            break
        end -= n
    parts.append(numpy.arange(pos, end, dtype=numpy.intp) if order is None else order[pos:end])
    return IteratorState(end, epoch, new_epoch, order), numpy.concatenate(parts)


class _EpochIterator(Iterator):
    """Holds the state machine; subclasses fetch the examples of the indices."""

    def __init__(self, dataset, batch_size, repeat, shuffle, order_sampler):
        if shuffle is not None:
            if order_sampler is not None:
                raise ValueError('`shuffle` is not `None` and a custom `order_sampler` is set. '
                                 'Please set `shuffle` to `None` to use the custom order '
                                 'sampler.')
            if shuffle:
                order_sampler = ShuffleOrderSampler()
        elif order_sampler is None:
            order_sampler = ShuffleOrderSampler()
        self.dataset = dataset
        self.batch_size = batch_size
        self._repeat = repeat
        self._shuffle = shuffle
        self.order_sampler = order_sampler

    def _initial_state(self):
        order = None
        if self.order_sampler:
            order = self.order_sampler(numpy.arange(len(self.dataset)), 0)
        self._state = IteratorState(0, 0, False, order)
        self._previous_epoch_detail = -1.0

    @property
    def repeat(self):
        """Whether the iterator goes on after the first epoch."""
        return self._repeat

    @property
    def current_position(self):
        """The position of the next example within the current epoch."""
        return self._state[0]

    @property
    def epoch(self):
        """The number of completed epochs."""
        return self._state[1]

    @property
    def is_new_epoch(self):
        """True right after the batch that completed an epoch."""
        return self._state[2]

    @property
    def _epoch_size(self):
        order = self._state[3]
        return len(self.dataset) if order is None else len(order)

    @property
    def epoch_detail(self):
        """Completed epochs as a float (``epoch + position / epoch size``)."""
        size = self._epoch_size
        return float(self.epoch) if size == 0 else self.epoch + self.current_position / size

    @property
    def previous_epoch_detail(self):
        """``epoch_detail`` before the last batch (``None`` before the first one)."""
        if self._previous_epoch_detail < 0:
            return None
        return self._previous_epoch_detail

    def serialize(self, serializer):
        """Save or load the position, epoch, order (and the sampler's state, if it has one)."""
        pos = serializer('current_position', self.current_position)
        epoch = serializer('epoch', self.epoch)
        is_new_epoch = serializer('is_new_epoch', self.is_new_epoch)
        order = self._state[3]
        if order is not None:
            try:
                order = serializer('order', order)
            except KeyError:
                order = serializer('_order', order)
        self._state = IteratorState(int(pos), int(epoch), bool(is_new_epoch), order)
        try:
            self._previous_epoch_detail = serializer(
                'previous_epoch_detail', self._previous_epoch_detail)
        except KeyError:
            # a snapshot without it: recover it from the position
            prev = self.epoch + (self.current_position - self.batch_size) / self._epoch_size
            self._previous_epoch_detail = max(prev, 0.0) if self.epoch_detail > 0 else -1.0
        if self._previous_epoch_detail is None:
            self._previous_epoch_detail = -1.0
        sampler_serialize = getattr(self.order_sampler, 'serialize', None)
        if sampler_serialize is not None:
            try:
                child = serializer['order_sampler']
            except (KeyError, NotImplementedError):
                # a snapshot without it, or a serializer without children (Chainer's
                # iterators do not save their sampler: such serializers are in use)
                child = None
            if child is not None:
                try:
                    sampler_serialize(child)
                except KeyError:
                    pass
