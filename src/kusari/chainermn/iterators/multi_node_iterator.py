"""create_multi_node_iterator: the master's batches, broadcast to every process."""
import numpy

from kusari.dataset.iterator import Iterator
from kusari.serializer import Deserializer, Serializer


def _is_valid_type(element):
    """An example the iterator accepts: an array or NumPy scalar (anything with a dtype), or
    a tuple of them."""
    if isinstance(element, tuple):
        return len(element) > 0 and all(hasattr(e, 'dtype') for e in element)
    return hasattr(element, 'dtype')


def _build_ctrl_msg(stop, is_valid_data_type, is_paired_dataset, is_new_epoch,
                    current_position):
    """ChainerMN's control message as a float32 vector of five numbers (kept for scripts and
    tests that use it; the iterator itself sends its state as one pickled object)."""
    return numpy.array([int(stop), int(is_valid_data_type), int(is_paired_dataset),
                        int(is_new_epoch), int(current_position)], dtype=numpy.float32)


def _parse_ctrl_msg(msg):
    """The five fields of :func:`_build_ctrl_msg`."""
    return (bool(msg[0]), bool(msg[1]), bool(msg[2]), bool(msg[3]), int(msg[4]))


class _Recorder(Serializer):
    """A serializer that records what an iterator saves, as a nested dict of copies."""

    def __init__(self):
        self.data = {}

    def __getitem__(self, key):
        child = _Recorder()
        self.data[key] = child
        return child

    def __call__(self, key, value):
        self.data[key] = value.copy() if isinstance(value, numpy.ndarray) else value
        return value

    def as_dict(self):
        return {k: v.as_dict() if isinstance(v, _Recorder) else v
                for k, v in self.data.items()}


def _replay(state, serializer):
    """Write ``state`` (from a :class:`_Recorder`) into ``serializer``."""
    for key, value in state.items():
        if isinstance(value, dict):
            try:
                child = serializer[key]
            except (KeyError, NotImplementedError):
                continue
            _replay(value, child)
        else:
            serializer(key, value)


def _state_of(iterator):
    rec = _Recorder()
    iterator.serialize(rec)
    return rec.as_dict()


class _MultiNodeIteratorMaster(Iterator):
    """Reads batches from the actual iterator and broadcasts each (with the position)."""

    def __init__(self, actual_iterator, communicator, rank_master):
        d = self.__dict__
        d['actual_iterator'] = actual_iterator
        d['communicator'] = communicator
        d['rank_master'] = rank_master
        communicator.bcast_obj(self._info(), root=rank_master)

    def _info(self):
        it = self.actual_iterator
        return {'epoch': it.epoch, 'current_position': it.current_position,
                'is_new_epoch': it.is_new_epoch, 'epoch_detail': it.epoch_detail,
                'previous_epoch_detail': getattr(it, 'previous_epoch_detail', None),
                'order': _order_of(it), 'dataset_size': len(it.dataset)}

    def __next__(self):
        try:
            batch = self.actual_iterator.__next__()
        except StopIteration:
            self.communicator.bcast_obj(('stop', self._info()), root=self.rank_master)
            raise
        except Exception as e:         # tell the other ranks instead of leaving them waiting
            self.communicator.bcast_obj(
                ('error', self._info(), '{}: {}'.format(type(e).__name__, e)),
                root=self.rank_master)
            raise
        if not all(_is_valid_type(e) for e in batch):
            self.communicator.bcast_obj(('invalid', self._info()), root=self.rank_master)
            raise TypeError(_INVALID)
        self.communicator.bcast_obj(('batch', self._info(), batch), root=self.rank_master)
        return batch

    next = __next__

    def __getattr__(self, name):
        return getattr(self.__dict__['actual_iterator'], name)

    def __setattr__(self, name, value):
        setattr(self.actual_iterator, name, value)

    def reset(self):
        self.actual_iterator.reset()
        self.communicator.bcast_obj(('reset', self._info()), root=self.rank_master)

    @property
    def current_position(self):
        return self.actual_iterator.current_position

    @property
    def epoch(self):
        return self.actual_iterator.epoch

    @property
    def epoch_detail(self):
        return self.actual_iterator.epoch_detail

    @property
    def is_new_epoch(self):
        return self.actual_iterator.is_new_epoch

    def serialize(self, serializer):
        """Save or load the master's iterator; every process must call it at once."""
        self.actual_iterator.serialize(serializer)
        self.communicator.bcast_obj(
            (_state_of(self.actual_iterator), self._info()), root=self.rank_master)

    def finalize(self):
        self.actual_iterator.finalize()


_INVALID = ('the multi-node iterator broadcasts batches of arrays (or NumPy scalars), or of '
            'tuples of them; this batch holds other objects')


def _order_of(iterator):
    state = getattr(iterator, '_state', None)
    order = getattr(state, 'order', None)
    return None if order is None else numpy.asarray(order)


class _MultiNodeIteratorSlave(Iterator):
    """Receives the master's batches; mirrors its epoch and position."""

    def __init__(self, communicator, rank_master):
        self.communicator = communicator
        self.rank_master = rank_master
        self._order = None
        self._apply(communicator.bcast_obj(None, root=rank_master))

    def _apply(self, info):
        self.epoch = info['epoch']
        self.current_position = info['current_position']
        self.is_new_epoch = info['is_new_epoch']
        self._epoch_detail = info['epoch_detail']
        self._previous_epoch_detail = info['previous_epoch_detail']
        self.dataset_size = info['dataset_size']
        order = info['order']
        if order is None or self._order is None or self._order.shape != order.shape:
            self._order = order
        else:
            self._order[...] = order     # keep the array object (callers may hold it)

    def __next__(self):
        msg = self.communicator.bcast_obj(None, root=self.rank_master)
        kind, info = msg[0], msg[1]
        self._apply(info)
        if kind == 'stop':
            raise StopIteration
        if kind == 'invalid':
            raise TypeError(_INVALID)
        if kind == 'error':
            raise RuntimeError('the master iterator (rank {}) raised {}'.format(
                self.rank_master, msg[2]))
        return msg[2]

    next = __next__

    def reset(self):
        _, info = self.communicator.bcast_obj(None, root=self.rank_master)
        self._apply(info)

    @property
    def epoch_detail(self):
        return self._epoch_detail

    @property
    def previous_epoch_detail(self):
        return self._previous_epoch_detail

    def serialize(self, serializer):
        """Save the master's state (received) or take part in loading it; every process
        must call it at once. Loading on a slave does not change its order: the slave
        always follows the master."""
        if isinstance(serializer, Deserializer):
            for key, value in (('current_position', self.current_position),
                               ('epoch', self.epoch), ('is_new_epoch', self.is_new_epoch),
                               ('order', self._order)):
                if value is None:
                    continue
                try:
                    serializer(key, value.copy() if isinstance(value, numpy.ndarray)
                               else value)
                except KeyError:
                    pass
            state, info = self.communicator.bcast_obj(None, root=self.rank_master)
        else:
            state, info = self.communicator.bcast_obj(None, root=self.rank_master)
            if isinstance(serializer, Serializer) or callable(serializer):
                if 'order' in state and self._order is not None:
                    state = dict(state, order=self._order)
                _replay(state, serializer)
        self._apply(info)


def create_multi_node_iterator(actual_iterator, communicator, rank_master=0):
    """An iterator whose batches are the master's, broadcast to every process.

    For model parallelism, where the processes holding different layers must see the same
    examples: only ``rank_master`` reads the data (through ``actual_iterator``); each batch
    is broadcast, with the master's epoch and position, and every process returns the same
    batch. Examples must be arrays or NumPy scalars, or tuples of them (a TypeError on every
    process otherwise). Creating it, each ``next()``, ``reset()`` and ``serialize()`` are
    collective: every process calls them together.

    Parameters
    ----------
    actual_iterator : Iterator
        The master's iterator (ignored on the other processes; pass it or None).
    communicator : CommunicatorBase
        The processes.
    rank_master : int
        The process that reads the data.

    Returns
    -------
    Iterator
        The iterator of this process.
    """
    if communicator.rank == rank_master:
        return _MultiNodeIteratorMaster(actual_iterator, communicator, rank_master)
    return _MultiNodeIteratorSlave(communicator, rank_master)
