"""create_synchronized_iterator: identical shuffling on every process, no data traffic."""
import numpy

from kusari.dataset.iterator import Iterator


class _SynchronizedIterator(Iterator):

    def __init__(self, actual_iterator, communicator):
        from kusari.iterators import ShuffleOrderSampler
        if not hasattr(actual_iterator, 'order_sampler'):
            raise ValueError('create_synchronized_iterator: the iterator must have an '
                             'order_sampler (SerialIterator, MultiprocessIterator, ...)')
        d = self.__dict__
        d['actual_iterator'] = actual_iterator
        d['communicator'] = communicator
        seed = None
        if communicator.rank == 0:
            seed = int(numpy.random.randint(0, 2 ** 32 - 1, dtype=numpy.int64))
        seed = communicator.bcast_obj(seed, root=0)
        actual_iterator.order_sampler = ShuffleOrderSampler(numpy.random.RandomState(seed))
        actual_iterator.reset()

    def __getattr__(self, name):
        return getattr(self.__dict__['actual_iterator'], name)

    def __setattr__(self, name, value):
        setattr(self.actual_iterator, name, value)

    def __next__(self):
        return self.actual_iterator.__next__()

    next = __next__

    def serialize(self, serializer):
        self.actual_iterator.serialize(serializer)


def create_synchronized_iterator(actual_iterator, communicator):
    """Make every process's iterator shuffle identically (a seed shared by rank 0).

    Each process reads its own copy of the dataset; since the orders agree, the processes
    see the same examples in the same batches without sending any data (the alternative to
    :func:`create_multi_node_iterator` when every process has the data).

    Parameters
    ----------
    actual_iterator : Iterator
        An iterator with an ``order_sampler`` (its sampler is replaced and it is reset).
    communicator : CommunicatorBase
        The processes (all call this together).

    Returns
    -------
    Iterator
        A wrapper that forwards everything to ``actual_iterator``.

    Raises
    ------
    ValueError
        If the iterator has no ``order_sampler``.
    """
    return _SynchronizedIterator(actual_iterator, communicator)
